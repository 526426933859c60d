import { type Raw } from '../util/raw.js';

/** An HPA's replica bounds: minReplicas defaults to 1; maxReplicas is required. */
export interface ReplicaBounds {
  minReplicas: number;
  /** Whether minReplicas was written (false: the default 1). */
  minDeclared: boolean;
  maxReplicas: number | undefined;
}

export function readReplicaBounds(hpaSpec: Raw): ReplicaBounds {
  const min = hpaSpec.minReplicas;
  const max = hpaSpec.maxReplicas;
  const minDeclared = typeof min === 'number';
  return { minReplicas: minDeclared ? min : 1, minDeclared, maxReplicas: typeof max === 'number' ? max : undefined };
}
