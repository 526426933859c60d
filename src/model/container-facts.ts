import { preStopWait, type PreStopWait } from '../k8s/lifecycle.js';
import { containerPorts, type ContainerPort } from '../k8s/ports.js';
import { PROBE_FIELDS, probePort, readProbe, sameProbe, type Probe, type ProbeHandler, type ProbeKind } from '../k8s/probes.js';
import type { Quantity } from '../k8s/quantity.js';
import { writtenValue } from '../k8s/quantity-fields.js';
import {
  declaredLimit,
  declaredRequest,
  declaresAnyResource,
  effectiveLimit,
  effectiveRequest,
  hasUnusableValue,
  type ContainerDefaults,
  type EffectiveQuantity,
} from '../k8s/resources.js';
import { containerVolumeMounts, type VolumeMount } from '../k8s/storage.js';
import { isRecord, type Raw } from '../util/raw.js';

/**
 * What one container declares, read once and shared by every rule: image, parsed requests and
 * limits, effective requests, ports, probes, volume mounts and the preStop hook: the typed view
 * rules read a container through (never its raw mapping). Many rules ask the same questions of the same container;
 * each answer is computed by the pure src/k8s function on first use and kept. Answers depend on the
 * container alone (and on the LimitRange defaults passed in), never on other objects of the run.
 */
export class ContainerFacts {
  /** One map for every kept answer (keyed `request:cpu`, `probe:liveness`, ...): most containers ask few questions. */
  private answers: Map<string, unknown> | undefined;

  constructor(private readonly raw: Raw) {}

  /** Drops the kept answers (after a run: the findings are made, the model lives on into the output). */
  forget(): void {
    this.answers = undefined;
  }

  private once<T>(key: string, compute: () => T): T {
    const answers = (this.answers ??= new Map());
    if (answers.has(key)) return answers.get(key) as T;
    const answer = compute();
    answers.set(key, answer);
    return answer;
  }

  /** `image` as written, when it is a string. */
  image(): string | undefined {
    return typeof this.raw.image === 'string' ? this.raw.image : undefined;
  }

  /** `imagePullPolicy` as written, when it is a string (any value: effectivePullPolicy judges it). */
  imagePullPolicy(): string | undefined {
    return typeof this.raw.imagePullPolicy === 'string' ? this.raw.imagePullPolicy : undefined;
  }

  /** `resources.requests[resource]` parsed; undefined when absent or not a quantity. */
  request(resource: string): Quantity | undefined {
    return this.once(`request:${resource}`, () => declaredRequest(this.raw, resource));
  }

  /** `resources.limits[resource]` parsed; undefined when absent or not a quantity. */
  limit(resource: string): Quantity | undefined {
    return this.once(`limit:${resource}`, () => declaredLimit(this.raw, resource));
  }

  /** The value written in requests or limits for a resource, valid or not. */
  written(kind: 'requests' | 'limits', resource: string): unknown {
    return writtenValue(this.raw, kind, resource);
  }

  /** Whether any request or limit is written (any resource, valid or not). */
  declaresResources(): boolean {
    return declaresAnyResource(this.raw);
  }

  /** Whether a request or limit of the resource is written but invalid or a unit mistake. */
  hasUnusableValue(resource: string): boolean {
    return this.once(`unusable:${resource}`, () => hasUnusableValue(this.raw, resource));
  }

  /** Names of the resources written under `resources.requests`. */
  requestedResources(): readonly string[] {
    return this.once('requested', () => {
      const requests = isRecord(this.raw.resources) ? this.raw.resources.requests : undefined;
      return isRecord(requests) ? Object.keys(requests) : [];
    });
  }

  /** The request the created Pod's container ends up with (`effectiveRequest` of src/k8s/resources). */
  effectiveRequest(resource: string, defaults?: ContainerDefaults): EffectiveQuantity | undefined {
    // Without LimitRange defaults (the common case) the answer is kept; with them it is cheap to recompute.
    if (defaults) return effectiveRequest(this.raw, resource, defaults);
    return this.once(`effective:${resource}`, () => effectiveRequest(this.raw, resource));
  }

  /** The limit after admission (`effectiveLimit` of src/k8s/resources). */
  effectiveLimit(resource: string, defaults?: ContainerDefaults): EffectiveQuantity | undefined {
    if (defaults) return effectiveLimit(this.raw, resource, defaults);
    return this.once(`effective-limit:${resource}`, () => effectiveLimit(this.raw, resource));
  }

  /** The container's ports with a valid number. */
  ports(): readonly ContainerPort[] {
    return this.once('ports', () => containerPorts(this.raw));
  }

  /** The probe of this kind with API defaults applied. */
  probe(kind: ProbeKind): Probe | undefined {
    return this.once(`probe:${kind}`, () => readProbe(this.raw, kind));
  }

  /** Whether a probe of this kind is written at all (even one readProbe cannot read). */
  declaresProbe(kind: ProbeKind): boolean {
    return this.raw[PROBE_FIELDS[kind]] != null;
  }

  /** The port number a probe handler connects to in this container (named ports resolved), or undefined. */
  probePort(handler: ProbeHandler): number | undefined {
    return probePort(this.raw, handler);
  }

  /** Whether two probes of this container run the same check with the same period, timeout and threshold. */
  sameProbe(a: Probe, b: Probe): boolean {
    return sameProbe(this.raw, a, b);
  }

  /** `volumeMounts`, each entry with typed fields. */
  volumeMounts(): readonly VolumeMount[] {
    return this.once('mounts', () => containerVolumeMounts(this.raw));
  }

  /** How long the preStop hook sleeps, when it does. */
  preStopWait(): PreStopWait | undefined {
    return this.once('prestop', () => preStopWait(this.raw));
  }
}
