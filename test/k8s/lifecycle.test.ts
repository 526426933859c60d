import { describe, expect, it } from 'vitest';
import { parseDuration, preStopWait, sleepSecondsInScript, terminationGracePeriod } from '../../src/k8s/lifecycle.js';

const exec = (command: unknown[]) => preStopWait({ lifecycle: { preStop: { exec: { command } } } });

describe('preStopWait', () => {
  it('reads the sleep handler', () => {
    expect(preStopWait({ lifecycle: { preStop: { sleep: { seconds: 20 } } } })).toEqual({ seconds: 20, handler: 'sleep' });
  });
  it('reads sleep in argv form and in shell scripts', () => {
    expect(exec(['sleep', '30'])).toEqual({ seconds: 30, handler: 'exec' });
    expect(exec(['/bin/sleep', 15])).toEqual({ seconds: 15, handler: 'exec' });
    expect(exec(['/bin/sh', '-c', 'sleep 30 && nginx -s quit'])).toEqual({ seconds: 30, handler: 'exec' });
    expect(exec(['bash', '-ec', 'echo bye; sleep 10; /usr/bin/sleep 5'])).toEqual({ seconds: 15, handler: 'exec' });
    expect(exec(['sh', '-c', 'sleep 1m'])).toEqual({ seconds: 60, handler: 'exec' });
  });
  it('is undefined when nothing sleeps a known time', () => {
    expect(exec(['nginx', '-s', 'quit'])).toBeUndefined();
    expect(exec(['sh', '-c', 'sleep $DELAY'])).toBeUndefined();
    expect(exec(['sh', '-c', 'echo sleepy 30'])).toBeUndefined();
    expect(preStopWait({ lifecycle: { preStop: { httpGet: { path: '/drain', port: 80 } } } })).toBeUndefined();
    expect(preStopWait({})).toBeUndefined();
  });
});

describe('shell parsing helpers', () => {
  it('parses sleep durations', () => {
    expect(parseDuration('2.5')).toBe(2.5);
    expect(parseDuration('2h')).toBe(7200);
    expect(parseDuration('infinity')).toBe(Infinity);
    expect(parseDuration('abc')).toBeUndefined();
  });
  it('sums sequential sleeps', () => {
    expect(sleepSecondsInScript('sleep 5;sleep 5')).toBe(10);
    expect(sleepSecondsInScript('wait')).toBeUndefined();
  });
});

describe('terminationGracePeriod', () => {
  it('defaults to 30', () => {
    expect(terminationGracePeriod({})).toBe(30);
    expect(terminationGracePeriod({ terminationGracePeriodSeconds: 60 })).toBe(60);
    expect(terminationGracePeriod({ terminationGracePeriodSeconds: 0 })).toBe(0);
  });
});
