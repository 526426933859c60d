import type { Finding } from '../types.js';
import { ansi } from './ansi.js';
import type { Formatter } from './format.js';
import { escapeControl, lineStart } from '../util/text.js';
import { wrap } from '../util/wrap.js';

const LABEL_WIDTH = 13;

const stylish: Formatter = (result, options) => {
  const c = ansi(options.color);
  const sev = { error: c.red('error'), warning: c.yellow('warning'), info: c.blue('info') };
  const findings = result.findings.filter((f) => !f.suppressed);
  const out: string[] = [];
  let file: string | undefined;
  for (const f of findings) {
    if (f.location.file !== file) {
      if (file !== undefined) out.push('');
      file = f.location.file;
      out.push(c.underline(lineStart(file)));
    }
    const pos = `${f.location.line}:${f.location.column}`;
    out.push(
      `  ${c.dim(pos.padEnd(7))} ${sev[f.severity]}${' '.repeat(8 - f.severity.length)} ${c.dim(f.ruleId)}  ${escapeControl(f.message)}`,
    );
    const indent = ' '.repeat(10);
    const wrapWidth = Math.max(40, options.width - indent.length - LABEL_WIDTH);
    const block = (label: string, text: string) => {
      const lines = wrap(text, wrapWidth).map(escapeControl);
      out.push(`${indent}${c.dim(label.padEnd(LABEL_WIDTH))}${lines[0] ?? ''}`);
      for (const line of lines.slice(1)) out.push(`${indent}${' '.repeat(LABEL_WIDTH)}${line}`);
    };
    block('declared:', f.declared);
    block('interpreted:', f.interpreted);
    block('fix:', f.fix);
    for (const r of f.related) block('related:', describeRelated(r));
  }
  const { errors, warnings, infos } = result.summary;
  const total = errors + warnings + infos;
  if (out.length) out.push('');
  const suppressed = result.findings.length - findings.length;
  const hidden = options.hidden
    ? `, ${options.hidden} warning${options.hidden === 1 ? '' : 's'} or info${options.hidden === 1 ? '' : 's'} hidden by --quiet`
    : '';
  const kustomize = result.summary.kustomize;
  const rendering = kustomize
    ? `; ${kustomize.rendered} kustomization${kustomize.rendered === 1 ? '' : 's'} rendered, ${kustomize.plain} file${kustomize.plain === 1 ? '' : 's'} linted plain, ${kustomize.patches} patch${kustomize.patches === 1 ? '' : 'es'} skipped`
    : '';
  const tail = `${rendering}${suppressed ? `, ${suppressed} suppressed` : ''}${hidden}`;
  const objects = `${result.summary.objects} object${result.summary.objects === 1 ? '' : 's'} in ${result.summary.files} file${result.summary.files === 1 ? '' : 's'}`;
  if (total === 0) out.push(options.hidden ? c.yellow(`✔ no errors (${objects}${tail})`) : c.green(`✔ no problems (${objects}${tail})`));
  else {
    const line = `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info${infos === 1 ? '' : 's'}) in ${objects}${tail}`;
    out.push(errors ? c.red(c.bold(line)) : c.yellow(c.bold(line)));
  }
  return `${out.join('\n')}\n`;
};

function describeRelated(r: Finding['related'][number]): string {
  const where = `${r.location.file}:${r.location.line}:${r.location.column}`;
  const what = r.object ? ` ${r.object.kind} ${r.object.namespace ? `${r.object.namespace}/` : ''}${r.object.name ?? ''}` : '';
  return `${where}${what}${r.message ? ` (${r.message})` : ''}`;
}

export default stylish;
