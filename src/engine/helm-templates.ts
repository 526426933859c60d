import { STDIN_PATH } from '../load/discover.js';
import { helmTemplateOf } from '../load/helm-source.js';
import { unpackSpan } from '../load/source.js';
import type { K8sObject } from '../model/object.js';
import type { Finding, SourceLocation } from '../types.js';
import type { ReportOnObject } from './rule.js';

/**
 * Findings on objects rendered by `helm template` point at the chart template they came from
 * (its `# Source:` comment), so code scanning and editors open a file that exists. Which line of
 * the template produced a rendered line cannot be known: the finding points at the template's
 * first line and its message keeps the rendered line.
 */
export function pointAtTemplates(finding: Finding, input: ReportOnObject): void {
  const template = templateOf(input.object);
  if (template !== undefined) {
    finding.message = `${finding.message} (${renderedAt(finding.location)})`;
    finding.location = firstLine(template);
  }
  finding.related = finding.related.map((related, i) => {
    const other = input.related?.[i] && templateOf(input.related[i].object);
    if (other === undefined) return related;
    const where = renderedAt(related.location);
    return { ...related, location: firstLine(other), message: related.message ? `${related.message} (${where})` : where };
  });
}

function templateOf(object: K8sObject): string | undefined {
  if (object.origin) return undefined;
  return helmTemplateOf(object.source, unpackSpan(object.span)[0]);
}

function renderedAt(location: SourceLocation): string {
  return location.file === STDIN_PATH ? `rendered line ${location.line}` : `rendered at ${location.file}:${location.line}`;
}

function firstLine(file: string): SourceLocation {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}
