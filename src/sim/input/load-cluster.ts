/**
 * `--cluster` files -> the cluster to simulate on. Accepts, in any mix across one or more files:
 * `kubectl get nodes -o yaml` (a v1 List or Node documents), `kubectl get pods -A -o yaml` as existing
 * load, PersistentVolumes, claims, StorageClasses and PriorityClasses as kubectl prints them, and one
 * ClusterProfile (kube-intent.io/v1alpha1). Files are found and parsed by src/load, so problems carry
 * file:line:column like lint's.
 */
import path from 'node:path';
import { discover } from '../../load/discover.js';
import { parseSource } from '../../load/parse.js';
import { describeSchemaErrors, type AjvError } from '../../load/schema-errors.js';
import { locatePath, spanAt, unpackSpan, type SourceFile } from '../../load/source.js';
import type { LoadedConfig } from '../../engine/config.js';
import type { Path, SourceLocation } from '../../types.js';
import { isRecord, record, type Raw } from '../../util/raw.js';
import { DEFAULT_KUBERNETES_VERSION, type ApiObject, type KubernetesVersion } from '../types.js';
import type { Provider } from './allocatable.js';
import { detectProvider } from './node-labels.js';
import { PROFILE_KIND, expandProfile, type ClusterProfile } from './profile.js';
import PROFILE_SCHEMA from './profile.schema.json' with { type: 'json' };
// @ts-expect-error generated JavaScript without types (scripts/gen-config-validator.mjs)
import validateProfile from './profile-validator.generated.js';

/**
 * `--cluster` may be given more than once: the files are read together as one cluster (nodes.yaml next to
 * pods.yaml, or a profile next to the pods already running). A folder reads every YAML/JSON file in it.
 */
export const CLUSTER_OPTION_REPEATABLE = true;

export interface ClusterProblem {
  /** error: the cluster cannot be trusted (usage error, exit 2); warning: something was left out, say so. */
  severity: 'error' | 'warning';
  location: SourceLocation;
  message: string;
}

/** "file:line:column: message", the way every kube-intent input error reads. */
export function formatClusterProblem(problem: ClusterProblem): string {
  const { file, line, column } = problem.location;
  return `${file}:${line}:${column}: ${problem.message}`;
}

export interface LoadedCluster {
  kubernetesVersion: KubernetesVersion;
  /** Where the version came from: the profile, the newest kubelet among the nodes, or the default. */
  kubernetesVersionSource: 'profile' | 'nodes' | 'default';
  provider: Provider;
  nodes: ApiObject[];
  /**
   * Pods already bound to these nodes: from pod lists (Succeeded and Failed left out) and, for profile
   * nodes, the pods that stand for `systemOverheadPerNode` (label kube-intent.io/system-overhead).
   */
  runningPods: ApiObject[];
  persistentVolumes: ApiObject[];
  persistentVolumeClaims: ApiObject[];
  storageClasses: ApiObject[];
  priorityClasses: ApiObject[];
  /** The profile's per-node system overhead, as declared. */
  systemOverhead?: { requests: Record<string, string | number>; pods: number };
  /** Sorted by file, line, column. Any error means the cluster is incomplete: report and exit 2. */
  problems: ClusterProblem[];
}

export interface LoadClusterOptions {
  readStdin?: () => string;
  maxFileSize?: number;
}

/** Reads the `--cluster` files (paths as the user gave them; `-` is stdin) into one cluster. */
export function loadCluster(paths: readonly string[], options: LoadClusterOptions = {}): LoadedCluster {
  const discovered = discover([...paths], {
    maxFileSize: options.maxFileSize ?? 16 * 1024 * 1024,
    ignore: [],
    readStdin: options.readStdin,
  });
  const cluster = readClusterSources(discovered.sources);
  for (const p of discovered.problems) cluster.problems.push({ severity: 'error', location: p.location, message: p.message });
  cluster.problems.sort(compareProblems);
  return cluster;
}

/**
 * The cluster files named for this run: `--cluster` values when given, else the config's `cluster.profile`
 * (relative to the config file, shown relative to the working directory); empty when neither names one.
 */
export function clusterPaths(cliPaths: readonly string[], config: LoadedConfig, cwd: string): string[] {
  if (cliPaths.length > 0) return [...cliPaths];
  const profile = config.config.cluster?.profile;
  if (!profile) return [];
  const absolute = path.resolve(config.baseDir, profile);
  const relative = path.relative(cwd, absolute);
  return [relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative || '.'];
}

const PASS_THROUGH: Record<
  string,
  keyof Pick<LoadedCluster, 'persistentVolumes' | 'persistentVolumeClaims' | 'storageClasses' | 'priorityClasses'>
> = {
  PersistentVolume: 'persistentVolumes',
  PersistentVolumeClaim: 'persistentVolumeClaims',
  StorageClass: 'storageClasses',
  PriorityClass: 'priorityClasses',
};

interface Located {
  raw: Raw;
  source: SourceFile;
  span: number;
  /** For an item of a `*List` document: the document and the item's path in it (spans are kept per document). */
  inDocument?: { root: Raw; path: Path };
}

/** The pure part of loadCluster: parsed sources -> cluster. */
export function readClusterSources(sources: readonly SourceFile[]): LoadedCluster {
  const reader = new ClusterReader();
  for (const source of sources) reader.addSource(source);
  return reader.finish();
}

class ClusterReader {
  private readonly problems: ClusterProblem[] = [];
  private readonly nodes: Located[] = [];
  private readonly pods: Located[] = [];
  private readonly passThrough: Pick<LoadedCluster, 'persistentVolumes' | 'persistentVolumeClaims' | 'storageClasses' | 'priorityClasses'> =
    {
      persistentVolumes: [],
      persistentVolumeClaims: [],
      storageClasses: [],
      priorityClasses: [],
    };
  private profile: { value: ClusterProfile; at: Located } | undefined;
  private readonly ignoredKinds = new Map<string, { first: Located; count: number }>();
  private firstSource: SourceFile | undefined;

  addSource(source: SourceFile): void {
    this.firstSource ??= source;
    const { documents, problems } = parseSource(source);
    for (const p of problems)
      this.problems.push({ severity: p.ruleId === 'duplicate-key' ? 'warning' : 'error', location: p.location, message: p.message });
    for (const doc of documents) {
      if (!isRecord(doc.value)) {
        this.error({ raw: {}, source, span: doc.span }, [], 'not a Kubernetes object or ClusterProfile; skipped');
        continue;
      }
      const items =
        typeof doc.value.kind === 'string' && doc.value.kind.endsWith('List') && Array.isArray(doc.value.items)
          ? doc.value.items
          : undefined;
      if (!items) {
        this.addObject({ raw: doc.value, source, span: doc.span });
        continue;
      }
      const root = doc.value;
      items.forEach((item, i) => {
        const path = ['items', i];
        const at = { raw: record(item) ?? {}, source, span: spanAt(root, path) ?? doc.span, inDocument: { root, path } };
        if (isRecord(item)) this.addObject(at);
        else this.error(at, [], 'a List item that is not an object; skipped');
      });
    }
  }

  private addObject(at: Located): void {
    const { raw } = at;
    if (raw.kind === PROFILE_KIND) return this.addProfile(at);
    if (raw.kind === 'Node') return void this.nodes.push(at);
    if (raw.kind === 'Pod') return this.addPod(at);
    const target = typeof raw.kind === 'string' ? PASS_THROUGH[raw.kind] : undefined;
    if (target) return void this.passThrough[target].push(raw);
    const kind = typeof raw.kind === 'string' ? raw.kind : '(no kind)';
    const key = `${at.source.path}\u0000${kind}`;
    const seen = this.ignoredKinds.get(key);
    if (seen) seen.count++;
    else this.ignoredKinds.set(key, { first: at, count: 1 });
  }

  private addPod(at: Located): void {
    const phase = record(at.raw.status)?.phase;
    // Finished pods hold no resources on their node (the scheduler does not count them either).
    if (phase === 'Succeeded' || phase === 'Failed') return;
    const nodeName = record(at.raw.spec)?.nodeName;
    if (typeof nodeName !== 'string' || nodeName === '') {
      this.warn(
        at,
        ['metadata', 'name'],
        `pod ${podKey(at.raw)} is not bound to a node (Pending in the cluster); it is not counted as running load`,
      );
      return;
    }
    this.pods.push(at);
  }

  private addProfile(at: Located): void {
    if (this.profile) {
      const first = this.profile.at.source.location(...unpackSpan(this.profile.at.span));
      this.error(at, [], `a second ClusterProfile (the first is at ${first.file}:${first.line}); give one profile per run`);
      return;
    }
    if (!validateProfile(at.raw)) {
      const errors = (validateProfile as { errors: AjvError[] }).errors;
      const known = (segments: Array<string | number>) =>
        segments.length === 0
          ? Object.keys(PROFILE_SCHEMA.properties)
          : segments[0] === 'nodePools' && segments.length === 2
            ? Object.keys(PROFILE_SCHEMA.definitions.nodePool.properties)
            : [];
      for (const p of describeSchemaErrors(at.source, at.raw, at.span, errors, known)) {
        this.problems.push({
          severity: 'error',
          location: { file: at.source.path, line: p.line, column: p.column, endLine: p.line, endColumn: p.column },
          message: p.text,
        });
      }
      return;
    }
    this.profile = { value: at.raw as unknown as ClusterProfile, at };
  }

  finish(): LoadedCluster {
    let kubernetesVersion: KubernetesVersion = DEFAULT_KUBERNETES_VERSION;
    let kubernetesVersionSource: LoadedCluster['kubernetesVersionSource'] = 'default';
    const nodes: ApiObject[] = [];
    const runningPods: ApiObject[] = [];
    let systemOverhead: LoadedCluster['systemOverhead'];
    const declaredAt = new Map<string, Located | undefined>();
    let provider: Provider | undefined;
    if (this.profile) {
      const { value, at } = this.profile;
      const expanded = expandProfile(value);
      for (const p of expanded.problems) this.error(at, p.path, p.message);
      if (value.kubernetesVersion !== undefined) [kubernetesVersion, kubernetesVersionSource] = [expanded.kubernetesVersion, 'profile'];
      provider = expanded.provider;
      for (const node of expanded.nodes) {
        nodes.push(node);
        declaredAt.set(nameOf(node), undefined);
      }
      runningPods.push(...expanded.overheadPods);
      if (value.systemOverheadPerNode)
        systemOverhead = { requests: value.systemOverheadPerNode.requests, pods: value.systemOverheadPerNode.pods ?? 1 };
    }
    for (const at of this.nodes) {
      const node = this.readNode(at);
      if (!node) continue;
      const name = nameOf(node);
      if (declaredAt.has(name)) {
        const first = declaredAt.get(name);
        const where = first ? `${first.source.path}:${first.source.position(unpackSpan(first.span)[0]).line}` : 'the ClusterProfile';
        this.error(at, ['metadata', 'name'], `node "${name}" is declared twice (also in ${where}); this one is skipped`);
        continue;
      }
      declaredAt.set(name, at);
      nodes.push(node);
    }
    if (kubernetesVersionSource === 'default') {
      const fromNodes = this.versionFromNodes();
      if (fromNodes) [kubernetesVersion, kubernetesVersionSource] = [fromNodes, 'nodes'];
    }
    for (const at of this.pods) {
      const nodeName = String(record(at.raw.spec)?.nodeName);
      if (!declaredAt.has(nodeName)) {
        this.warn(
          at,
          ['spec', 'nodeName'],
          `pod ${podKey(at.raw)} runs on node "${nodeName}", which the cluster files do not declare; it is left out`,
        );
        continue;
      }
      runningPods.push(at.raw);
    }
    for (const { first, count } of this.ignoredKinds.values()) {
      const kind = typeof first.raw.kind === 'string' ? first.raw.kind : '(no kind)';
      this.warn(
        first,
        ['kind'],
        `${count === 1 ? `${kind} ignored` : `${count} ${kind} objects ignored`}: --cluster reads Nodes, Pods, PersistentVolumes, PersistentVolumeClaims, StorageClasses, PriorityClasses and a ClusterProfile (the manifests to place go in the paths)`,
      );
    }
    if (nodes.length === 0 && !this.problems.some((p) => p.severity === 'error')) {
      const file = this.firstSource?.path ?? '--cluster';
      this.problems.push({
        severity: 'error',
        location: { file, line: 1, column: 1, endLine: 1, endColumn: 1 },
        message: 'the cluster files declare no node: give `kubectl get nodes -o yaml` output or a ClusterProfile with nodePools',
      });
    }
    return {
      kubernetesVersion,
      kubernetesVersionSource,
      provider: provider ?? detectProvider(nodes),
      nodes,
      runningPods,
      ...this.passThrough,
      ...(systemOverhead ? { systemOverhead } : {}),
      problems: this.problems.sort(compareProblems),
    };
  }

  /** A Node as kubectl prints it; allocatable falls back to capacity (the kubelet reports both; hand-written nodes may give one). */
  private readNode(at: Located): ApiObject | undefined {
    const name = record(at.raw.metadata)?.name;
    if (typeof name !== 'string' || name === '') {
      this.error(at, ['metadata'], 'a Node without metadata.name; skipped');
      return undefined;
    }
    const status = record(at.raw.status);
    if (isRecord(status?.allocatable)) return at.raw;
    if (isRecord(status?.capacity)) {
      this.warn(at, ['status', 'capacity'], `node "${name}" has no status.allocatable; its capacity is used as allocatable`);
      return { ...at.raw, status: { ...status, allocatable: status.capacity } };
    }
    this.error(at, ['status'], `node "${name}" has neither status.allocatable nor status.capacity: nothing to place pods against; skipped`);
    return undefined;
  }

  /**
   * The scheduler's version is the control plane's, which node objects do not show; the newest kubelet is
   * the closest hint (kubelets may lag the control plane, never lead it). Outside the supported versions
   * the nearest one is used, with a warning.
   */
  private versionFromNodes(): KubernetesVersion | undefined {
    let newest: { minor: number; at: Located } | undefined;
    for (const at of this.nodes) {
      const version = record(record(at.raw.status)?.nodeInfo)?.kubeletVersion;
      const minor = typeof version === 'string' ? /^v?1\.(\d+)\./.exec(version)?.[1] : undefined;
      if (minor !== undefined && (!newest || Number(minor) > newest.minor)) newest = { minor: Number(minor), at };
    }
    if (!newest) return undefined;
    const supported = Math.min(34, Math.max(32, newest.minor));
    if (supported !== newest.minor) {
      this.warn(
        newest.at,
        ['status', 'nodeInfo', 'kubeletVersion'],
        `the nodes run Kubernetes 1.${newest.minor}; the simulation words its messages as kube-scheduler 1.${supported} does (supported: 1.32 to 1.34)`,
      );
    }
    return `1.${supported}` as KubernetesVersion;
  }

  private error(at: Located, path: Path, message: string): void {
    this.problems.push({ severity: 'error', location: locationOf(at, path), message });
  }

  private warn(at: Located, path: Path, message: string): void {
    this.problems.push({ severity: 'warning', location: locationOf(at, path), message });
  }
}

function locationOf(at: Located, path: Path): SourceLocation {
  const { span } = at.inDocument
    ? locatePath(at.inDocument.root, at.span, [...at.inDocument.path, ...path])
    : locatePath(at.raw, at.span, path);
  const [start, end] = unpackSpan(span);
  return at.source.location(start, end);
}

function nameOf(object: ApiObject): string {
  return String(record(object.metadata)?.name);
}

function podKey(pod: Raw): string {
  const metadata = record(pod.metadata);
  return `${typeof metadata?.namespace === 'string' ? metadata.namespace : 'default'}/${String(metadata?.name ?? '(unnamed)')}`;
}

function compareProblems(a: ClusterProblem, b: ClusterProblem): number {
  const x = a.location;
  const y = b.location;
  return x.file < y.file ? -1 : x.file > y.file ? 1 : x.line - y.line || x.column - y.column;
}
