import { describe, expect, it } from 'vitest';
import { containerPorts, servicePorts, targetsContainerPort } from '../../src/k8s/ports.js';

describe('Service ports', () => {
  it('apply the API defaults: protocol TCP, targetPort = port', () => {
    expect(servicePorts({ ports: [{ port: 80 }, { port: 53, protocol: 'UDP', targetPort: 'dns' }, { name: 'broken' }] })).toEqual([
      { index: 0, protocol: 'TCP', target: { number: 80 }, targetWritten: false },
      { index: 1, protocol: 'UDP', target: { name: 'dns' }, targetWritten: true },
    ]);
    expect(servicePorts(undefined)).toEqual([]);
  });

  it('land on a container port by number or name, and only for the same protocol', () => {
    const [tcp, udpByName] = servicePorts({ ports: [{ port: 8080 }, { port: 53, protocol: 'UDP', targetPort: 'dns' }] });
    const ports = containerPorts({
      ports: [{ containerPort: 8080 }, { name: 'dns', containerPort: 53 }, { name: 'dns-udp', containerPort: 53, protocol: 'UDP' }],
    });
    expect(ports.filter((p) => targetsContainerPort(tcp, p)).map((p) => p.containerPort)).toEqual([8080]);
    expect(ports.filter((p) => targetsContainerPort(udpByName, p))).toEqual([]);
    const [udpByNumber] = servicePorts({ ports: [{ port: 53, protocol: 'UDP' }] });
    expect(ports.filter((p) => targetsContainerPort(udpByNumber, p)).map((p) => p.name)).toEqual(['dns-udp']);
  });
});
