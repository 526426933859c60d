import { readPortRef, resolvePort, type PortRef } from './ports.js';
import { isRecord, type Raw } from '../util/raw.js';
import { shown } from '../util/text.js';

/** Container probes with API defaults applied (semantics note section 4). */

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

export const PROBE_FIELDS: Record<ProbeKind, string> = {
  liveness: 'livenessProbe',
  readiness: 'readinessProbe',
  startup: 'startupProbe',
};

export type ProbeHandler =
  | { type: 'httpGet'; port: PortRef | undefined; path: string; scheme: string; host: string | undefined; headers: string[] }
  | { type: 'tcpSocket'; port: PortRef | undefined; host: string | undefined }
  /** gRPC ports are int32 only: a name is kept as written so callers can report it. */
  | { type: 'grpc'; port: PortRef | undefined; service: string }
  | { type: 'exec'; command: string[] };

export interface Probe {
  kind: ProbeKind;
  /** undefined when the probe declares no handler Kubernetes knows. */
  handler: ProbeHandler | undefined;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

/** A container's probe of this kind with `SetDefaults_Probe` / `SetDefaults_HTTPGetAction` applied. */
export function readProbe(container: Raw, kind: ProbeKind): Probe | undefined {
  const raw = container[PROBE_FIELDS[kind]];
  if (!isRecord(raw)) return undefined;
  return {
    kind,
    handler: readHandler(raw),
    initialDelaySeconds: seconds(raw.initialDelaySeconds, 0),
    periodSeconds: seconds(raw.periodSeconds, 10),
    timeoutSeconds: seconds(raw.timeoutSeconds, 1),
    successThreshold: seconds(raw.successThreshold, 1),
    failureThreshold: seconds(raw.failureThreshold, 3),
  };
}

function readHandler(probe: Raw): ProbeHandler | undefined {
  if (isRecord(probe.httpGet)) {
    const h = probe.httpGet;
    return {
      type: 'httpGet',
      port: readPortRef(h.port),
      path: typeof h.path === 'string' && h.path !== '' ? h.path : '/',
      scheme: typeof h.scheme === 'string' && h.scheme !== '' ? h.scheme : 'HTTP',
      host: nonEmptyString(h.host),
      headers: readHeaders(h.httpHeaders),
    };
  }
  if (isRecord(probe.tcpSocket)) {
    return { type: 'tcpSocket', port: readPortRef(probe.tcpSocket.port), host: nonEmptyString(probe.tcpSocket.host) };
  }
  if (isRecord(probe.grpc)) {
    return { type: 'grpc', port: readPortRef(probe.grpc.port), service: typeof probe.grpc.service === 'string' ? probe.grpc.service : '' };
  }
  if (isRecord(probe.exec)) {
    const command = Array.isArray(probe.exec.command) ? probe.exec.command.map((a) => String(a)) : [];
    return { type: 'exec', command };
  }
  return undefined;
}

/** Header names are case-insensitive; order does not change what the probe checks. */
function readHeaders(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(isRecord)
    .map((h) => `${String(h.name ?? '').toLowerCase()}: ${String(h.value ?? '')}`)
    .sort();
}

/** The port number a probe connects to in this container, or undefined (no port, or a name the container does not declare). */
export function probePort(container: Raw, handler: ProbeHandler): number | undefined {
  if (handler.type === 'exec' || !handler.port) return undefined;
  if (handler.type === 'grpc') return 'number' in handler.port ? handler.port.number : undefined;
  return resolvePort(container, handler.port);
}

/** Whether two probes of one container run the same check: same handler, same resolved port, same request. */
export function sameCheck(container: Raw, a: ProbeHandler, b: ProbeHandler): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'exec' && b.type === 'exec')
    return a.command.length === b.command.length && a.command.every((arg, i) => arg === b.command[i]);
  if (!samePort(container, a, b)) return false;
  if (a.type === 'httpGet' && b.type === 'httpGet') {
    return a.path === b.path && a.scheme === b.scheme && a.host === b.host && a.headers.join('\n') === b.headers.join('\n');
  }
  if (a.type === 'tcpSocket' && b.type === 'tcpSocket') return a.host === b.host;
  if (a.type === 'grpc' && b.type === 'grpc') return a.service === b.service;
  return false;
}

function samePort(container: Raw, a: ProbeHandler, b: ProbeHandler): boolean {
  const pa = probePort(container, a);
  const pb = probePort(container, b);
  if (pa !== undefined || pb !== undefined) return pa === pb;
  const ra = 'port' in a ? a.port : undefined;
  const rb = 'port' in b ? b.port : undefined;
  return JSON.stringify(ra) === JSON.stringify(rb);
}

/** Same check, and it fails the same way: same period, timeout and failure threshold. */
export function sameProbe(container: Raw, a: Probe, b: Probe): boolean {
  return (
    a.handler !== undefined &&
    b.handler !== undefined &&
    sameCheck(container, a.handler, b.handler) &&
    a.periodSeconds === b.periodSeconds &&
    a.timeoutSeconds === b.timeoutSeconds &&
    a.failureThreshold === b.failureThreshold
  );
}

/**
 * Seconds after container start by which a probe that never succeeds has failed `failureThreshold`
 * times: initialDelaySeconds + failureThreshold x periodSeconds (timeouts aside).
 */
export function failureWindow(probe: Probe): number {
  return probe.initialDelaySeconds + probe.failureThreshold * probe.periodSeconds;
}

export function describeHandler(handler: ProbeHandler): string {
  switch (handler.type) {
    case 'httpGet':
      return `httpGet ${handler.scheme === 'HTTP' ? '' : `${handler.scheme} `}${handler.path}`;
    case 'tcpSocket':
      return 'tcpSocket';
    case 'grpc':
      return handler.service ? `grpc service "${handler.service}"` : 'grpc';
    case 'exec':
      return `exec ${shown(handler.command)}`;
  }
}

/** Integer fields: absent or 0 take the default (as SetDefaults_Probe does for zero values). */
function seconds(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
