import { formatBytes } from '../../k8s/quantity.js';

/** A resource amount as people write it: cpu from millicores, memory and storage from bytes, counts as they are. */
export function formatAmount(resource: string, amount: number): string {
  if (amount === 0) return '0';
  if (resource === 'cpu') return amount >= 1000 || amount <= -1000 ? trim(amount / 1000) : `${trim(amount)}m`;
  if (resource === 'memory' || resource === 'ephemeral-storage' || resource.startsWith('hugepages-'))
    return amount < 0 ? `-${formatBytes(-amount)}` : formatBytes(amount);
  return trim(amount);
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function trim(n: number): string {
  return String(Number(n.toFixed(2)));
}
