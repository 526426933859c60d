import { describe, expect, it } from 'vitest';
import { describeHandler, failureWindow, probePort, readProbe, sameCheck, sameProbe } from '../../src/k8s/probes.js';

const container = {
  name: 'web',
  ports: [
    { name: 'http', containerPort: 8080 },
    { name: 'admin', containerPort: 9000 },
  ],
};

describe('readProbe (semantics note 4.2 defaults)', () => {
  it('applies SetDefaults_Probe and SetDefaults_HTTPGetAction', () => {
    const probe = readProbe({ ...container, readinessProbe: { httpGet: { port: 'http' } } }, 'readiness');
    expect(probe).toMatchObject({ initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
    expect(probe?.handler).toEqual({ type: 'httpGet', port: { name: 'http' }, path: '/', scheme: 'HTTP', host: undefined, headers: [] });
  });
  it('treats explicit zeros like absent fields, as the API defaulting does', () => {
    expect(readProbe({ livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 0, failureThreshold: 0 } }, 'liveness')).toMatchObject({
      periodSeconds: 10,
      failureThreshold: 3,
    });
  });
  it('reads each handler kind, and none when absent', () => {
    expect(readProbe({ startupProbe: { exec: { command: ['cat', '/tmp/ok'] } } }, 'startup')?.handler).toEqual({
      type: 'exec',
      command: ['cat', '/tmp/ok'],
    });
    expect(readProbe({ livenessProbe: { grpc: { port: 9090 } } }, 'liveness')?.handler).toEqual({
      type: 'grpc',
      port: { number: 9090 },
      service: '',
    });
    expect(readProbe({ livenessProbe: { periodSeconds: 5 } }, 'liveness')?.handler).toBeUndefined();
    expect(readProbe({}, 'liveness')).toBeUndefined();
  });
});

describe('probePort (semantics note 4.5)', () => {
  it('resolves names against the container ports only', () => {
    expect(probePort(container, { type: 'tcpSocket', port: { name: 'admin' }, host: undefined })).toBe(9000);
    expect(probePort(container, { type: 'tcpSocket', port: { name: 'metrics' }, host: undefined })).toBeUndefined();
    expect(probePort(container, { type: 'tcpSocket', port: { number: 7000 }, host: undefined })).toBe(7000);
  });
  it('never resolves a name for gRPC', () => {
    expect(probePort(container, { type: 'grpc', port: { name: 'http' }, service: '' })).toBeUndefined();
  });
});

describe('probe equality', () => {
  const byName = readProbe({ livenessProbe: { httpGet: { path: '/healthz', port: 'http' } } }, 'liveness')!;
  const byNumber = readProbe({ readinessProbe: { httpGet: { path: '/healthz', port: 8080 } } }, 'readiness')!;
  it('a named port and its number are the same check', () => {
    expect(sameProbe(container, byName, byNumber)).toBe(true);
  });
  it('different port, path, scheme or headers are different checks', () => {
    const other = (httpGet: Record<string, unknown>) =>
      readProbe({ readinessProbe: { httpGet: { path: '/healthz', port: 8080, ...httpGet } } }, 'readiness')!.handler!;
    expect(sameCheck(container, byName.handler!, other({ port: 'admin' }))).toBe(false);
    expect(sameCheck(container, byName.handler!, other({ path: '/ready' }))).toBe(false);
    expect(sameCheck(container, byName.handler!, other({ scheme: 'HTTPS' }))).toBe(false);
    expect(sameCheck(container, byName.handler!, other({ httpHeaders: [{ name: 'X-Probe', value: '1' }] }))).toBe(false);
    expect(sameCheck(container, byName.handler!, other({ scheme: 'HTTP', path: '/healthz' }))).toBe(true);
  });
  it('header names compare case-insensitively and in any order', () => {
    const a = readProbe(
      {
        livenessProbe: {
          httpGet: {
            port: 80,
            httpHeaders: [
              { name: 'Host', value: 'a' },
              { name: 'X-A', value: '1' },
            ],
          },
        },
      },
      'liveness',
    )!.handler!;
    const b = readProbe(
      {
        livenessProbe: {
          httpGet: {
            port: 80,
            httpHeaders: [
              { name: 'x-a', value: '1' },
              { name: 'host', value: 'a' },
            ],
          },
        },
      },
      'liveness',
    )!.handler!;
    expect(sameCheck({}, a, b)).toBe(true);
  });
  it('a higher liveness failureThreshold makes them different (the documented fix)', () => {
    const tolerant = readProbe({ livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, failureThreshold: 6 } }, 'liveness')!;
    expect(sameProbe(container, tolerant, byNumber)).toBe(false);
  });
  it('the defaults make an explicit 10s period equal to an absent one', () => {
    const explicit = readProbe(
      { readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10, timeoutSeconds: 1 } },
      'readiness',
    )!;
    expect(sameProbe(container, byName, explicit)).toBe(true);
  });
  it('compares exec commands argument by argument', () => {
    const a = { type: 'exec' as const, command: ['pg_isready', '-U', 'app'] };
    expect(sameCheck({}, a, { type: 'exec', command: ['pg_isready', '-U', 'app'] })).toBe(true);
    expect(sameCheck({}, a, { type: 'exec', command: ['pg_isready', '-U'] })).toBe(false);
  });
  it('unresolvable names compare as written', () => {
    const a = { type: 'tcpSocket' as const, port: { name: 'x' }, host: undefined };
    expect(sameCheck({}, a, { ...a })).toBe(true);
    expect(sameCheck({}, a, { ...a, port: { name: 'y' } })).toBe(false);
  });
});

describe('failureWindow', () => {
  it('is initialDelaySeconds + failureThreshold x periodSeconds with defaults 0/3/10', () => {
    expect(failureWindow(readProbe({ livenessProbe: { tcpSocket: { port: 80 } } }, 'liveness')!)).toBe(30);
    expect(
      failureWindow(
        readProbe(
          { livenessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: 15, failureThreshold: 5, periodSeconds: 4 } },
          'liveness',
        )!,
      ),
    ).toBe(35);
  });
});

describe('describeHandler', () => {
  it('names the check', () => {
    expect(
      describeHandler({ type: 'httpGet', port: { number: 80 }, path: '/healthz', scheme: 'HTTPS', host: undefined, headers: [] }),
    ).toBe('httpGet HTTPS /healthz');
    expect(describeHandler({ type: 'grpc', port: { number: 80 }, service: 'liveness' })).toBe('grpc service "liveness"');
  });
});
