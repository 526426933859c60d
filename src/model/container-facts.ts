import { containerPorts, type ContainerPort } from '../k8s/ports.js';
import { readProbe, type Probe, type ProbeKind } from '../k8s/probes.js';
import type { Quantity } from '../k8s/quantity.js';
import { writtenValue } from '../k8s/quantity-fields.js';
import { declaredLimit, declaredRequest, effectiveRequest, type ContainerDefaults, type EffectiveQuantity } from '../k8s/resources.js';
import { isRecord, type Raw } from '../util/raw.js';

/**
 * What one container declares, read once and shared by every rule: parsed requests and limits,
 * effective requests, ports and probes. Many rules ask the same questions of the same container;
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

  /** The container's ports with a valid number. */
  ports(): readonly ContainerPort[] {
    return this.once('ports', () => containerPorts(this.raw));
  }

  /** The probe of this kind with API defaults applied. */
  probe(kind: ProbeKind): Probe | undefined {
    return this.once(`probe:${kind}`, () => readProbe(this.raw, kind));
  }
}
