import { isRecord, type Raw } from '../util/raw.js';

/** Container ports, and how named ports (probes, Service targetPort, NetworkPolicy) resolve. */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: string;
  index: number;
  /** The node port it is bound to, when the pod claims one. */
  hostPort?: number;
}

export function containerPorts(container: Raw): ContainerPort[] {
  const ports = container.ports;
  if (!Array.isArray(ports)) return [];
  const out: ContainerPort[] = [];
  ports.forEach((p, index) => {
    if (p === null || typeof p !== 'object') return;
    const port = p as Raw;
    const number = typeof port.containerPort === 'number' ? port.containerPort : Number(port.containerPort);
    if (!Number.isInteger(number)) return;
    out.push({
      name: typeof port.name === 'string' ? port.name : undefined,
      containerPort: number,
      protocol: typeof port.protocol === 'string' ? port.protocol : 'TCP',
      index,
      ...(typeof port.hostPort === 'number' ? { hostPort: port.hostPort } : {}),
    });
  });
  return out;
}

/**
 * A port reference as written. Kubernetes' IntOrString keeps the YAML type: a quoted "8080" is a
 * string, i.e. a port *name* (which API validation rejects, as names need a letter).
 */
export type PortRef = { number: number } | { name: string };

export function readPortRef(value: unknown): PortRef | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return { number: value };
  if (typeof value === 'string' && value !== '') return { name: value };
  return undefined;
}

/** The container port number a reference resolves to in this container, or undefined. */
export function resolvePort(container: Raw, ref: PortRef, protocol?: string): number | undefined {
  if ('number' in ref) return ref.number;
  const match = containerPorts(container).find((p) => p.name === ref.name && (!protocol || p.protocol === protocol));
  return match?.containerPort;
}

export function describePortRef(ref: PortRef): string {
  return 'number' in ref ? String(ref.number) : `"${ref.name}"`;
}

/** One entry of a Service's `spec.ports`, with the API defaults: protocol TCP, targetPort = port. */
export interface ServicePort {
  index: number;
  protocol: string;
  /** What traffic is sent to on the pods. */
  target: PortRef;
  /** Whether targetPort was written (else it defaults to port). */
  targetWritten: boolean;
}

export function servicePorts(serviceSpec: unknown): ServicePort[] {
  const ports = isRecord(serviceSpec) && Array.isArray(serviceSpec.ports) ? serviceSpec.ports : [];
  const out: ServicePort[] = [];
  ports.forEach((entry, index) => {
    if (!isRecord(entry) || !Number.isInteger(entry.port)) return;
    const written = readPortRef(entry.targetPort);
    const target = written ?? readPortRef(entry.port);
    if (!target) return;
    out.push({
      index,
      protocol: typeof entry.protocol === 'string' ? entry.protocol : 'TCP',
      target,
      targetWritten: written !== undefined,
    });
  });
  return out;
}

/** Whether a Service port lands on a container port: same protocol, and the number or the name. */
export function targetsContainerPort(servicePort: ServicePort, port: ContainerPort): boolean {
  if (servicePort.protocol !== port.protocol) return false;
  return 'number' in servicePort.target ? port.containerPort === servicePort.target.number : port.name === servicePort.target.name;
}
