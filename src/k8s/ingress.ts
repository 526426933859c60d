import type { Path } from '../types.js';
import { readPortRef, type PortRef } from './ports.js';
import { isRecord, type Raw } from '../util/raw.js';

/** Ingress backends in networking.k8s.io/v1 and the old extensions / networking v1beta1 shapes. */

export interface IngressServiceBackend {
  service: string;
  /** Undefined when the backend gives no usable port. */
  port: PortRef | undefined;
  /** Path of the backend mapping from the object root. */
  path: Path;
}

/** Every Service backend of an Ingress spec: the default backend and each rule path's backend. */
export function ingressServiceBackends(ingressSpec: Raw): IngressServiceBackend[] {
  const out: IngressServiceBackend[] = [];
  for (const key of ['defaultBackend', 'backend']) {
    const backend = readBackend(ingressSpec[key], ['spec', key]);
    if (backend) out.push(backend);
  }
  const rules = Array.isArray(ingressSpec.rules) ? ingressSpec.rules : [];
  rules.forEach((rule, r) => {
    const http = isRecord(rule) && isRecord(rule.http) ? rule.http : undefined;
    const paths = http && Array.isArray(http.paths) ? http.paths : [];
    paths.forEach((p, i) => {
      const backend = isRecord(p) ? readBackend(p.backend, ['spec', 'rules', r, 'http', 'paths', i, 'backend']) : undefined;
      if (backend) out.push(backend);
    });
  });
  return out;
}

/** v1: `service: {name, port: {number | name}}`; v1beta1: `serviceName`, `servicePort` (IntOrString). Resource backends are not Services. */
function readBackend(raw: unknown, path: Path): IngressServiceBackend | undefined {
  if (!isRecord(raw)) return undefined;
  if (isRecord(raw.service) && typeof raw.service.name === 'string') {
    const port = isRecord(raw.service.port) ? raw.service.port : {};
    const ref =
      typeof port.number === 'number' ? readPortRef(port.number) : typeof port.name === 'string' ? readPortRef(port.name) : undefined;
    return { service: raw.service.name, port: ref, path };
  }
  if (typeof raw.serviceName === 'string') return { service: raw.serviceName, port: readPortRef(raw.servicePort), path };
  return undefined;
}

/**
 * Whether a Service spec exposes the port an Ingress backend names: `port` by number, `name` by name.
 * A quoted number ("80", old servicePort) is also taken as the port number, as controllers accept it.
 */
export function serviceHasPort(serviceSpec: Raw, ref: PortRef): boolean {
  const ports = Array.isArray(serviceSpec.ports) ? serviceSpec.ports.filter(isRecord) : [];
  return ports.some((p) => ('number' in ref ? p.port === ref.number : p.name === ref.name || String(p.port) === ref.name));
}
