export type Severity = 'error' | 'warning' | 'info';
export type SeverityOrOff = Severity | 'off';

/** A path into a parsed document: map keys and sequence indexes. */
export type Path = ReadonlyArray<string | number>;

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ObjectRef {
  apiVersion: string | null;
  kind: string;
  namespace: string | null;
  name: string | null;
}

export interface RelatedLocation {
  object: ObjectRef | null;
  location: SourceLocation;
  message?: string;
}

export interface Suppression {
  kind: 'annotation' | 'comment';
  justification?: string;
  /** Where the suppressing comment is (kind comment). */
  comment?: { file: string; line: number };
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  declared: string;
  interpreted: string;
  fix: string;
  object: ObjectRef | null;
  location: SourceLocation;
  path: string | null;
  related: RelatedLocation[];
  /** Present when an annotation or comment silenced the finding; formatters decide whether to show it. */
  suppressed?: Suppression;
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}
