import { describe, expect, it } from 'vitest';
import { ingressServiceBackends, serviceHasPort } from '../../src/k8s/ingress.js';

describe('Ingress backends', () => {
  it('reads networking.k8s.io/v1 default and rule backends with their paths', () => {
    const spec = {
      defaultBackend: { service: { name: 'web', port: { number: 80 } } },
      rules: [
        {
          http: {
            paths: [
              { backend: { service: { name: 'api', port: { name: 'http' } } } },
              { backend: { resource: { kind: 'Bucket', name: 'b' } } },
            ],
          },
        },
      ],
    };
    expect(ingressServiceBackends(spec)).toEqual([
      { service: 'web', port: { number: 80 }, path: ['spec', 'defaultBackend'] },
      { service: 'api', port: { name: 'http' }, path: ['spec', 'rules', 0, 'http', 'paths', 0, 'backend'] },
    ]);
  });
  it('reads the old serviceName/servicePort shape and spec.backend', () => {
    const spec = {
      backend: { serviceName: 'web', servicePort: 'http' },
      rules: [{ http: { paths: [{ backend: { serviceName: 'api', servicePort: 8080 } }] } }],
    };
    expect(ingressServiceBackends(spec).map((b) => [b.service, b.port])).toEqual([
      ['web', { name: 'http' }],
      ['api', { number: 8080 }],
    ]);
  });
  it('tolerates rules without http', () => {
    expect(ingressServiceBackends({ rules: [{ host: 'x' }, null] })).toEqual([]);
  });
  it('matches a Service port by number (port, not targetPort) or by name', () => {
    const service = { ports: [{ name: 'http', port: 80, targetPort: 8080 }] };
    expect(serviceHasPort(service, { number: 80 })).toBe(true);
    expect(serviceHasPort(service, { number: 8080 })).toBe(false);
    expect(serviceHasPort(service, { name: 'http' })).toBe(true);
    expect(serviceHasPort(service, { name: 'https' })).toBe(false);
    expect(serviceHasPort(service, { name: '80' })).toBe(true);
  });
});
