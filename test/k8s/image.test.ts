import { describe, expect, it } from 'vitest';
import { defaultPullPolicy, effectivePullPolicy, parseImageRef, tagMobility } from '../../src/k8s/image.js';

describe('parseImageRef', () => {
  it('splits registry, repository, tag and digest', () => {
    expect(parseImageRef('nginx')).toEqual({ registry: undefined, repository: 'nginx', tag: undefined, digest: undefined });
    expect(parseImageRef('nginx:1.25.3')).toMatchObject({ repository: 'nginx', tag: '1.25.3' });
    expect(parseImageRef('ghcr.io/org/app:v2')).toEqual({ registry: 'ghcr.io', repository: 'org/app', tag: 'v2', digest: undefined });
    expect(parseImageRef('bitnami/redis:7.2')).toMatchObject({ registry: undefined, repository: 'bitnami/redis', tag: '7.2' });
  });
  it('a registry port is not a tag', () => {
    expect(parseImageRef('localhost:5000/app')).toEqual({
      registry: 'localhost:5000',
      repository: 'app',
      tag: undefined,
      digest: undefined,
    });
    expect(parseImageRef('registry.local:5000/team/app:1.0.0')).toMatchObject({
      registry: 'registry.local:5000',
      repository: 'team/app',
      tag: '1.0.0',
    });
  });
  it('reads digests with and without a tag', () => {
    const digest = 'sha256:' + 'a'.repeat(64);
    expect(parseImageRef(`app@${digest}`)).toMatchObject({ repository: 'app', tag: undefined, digest });
    expect(parseImageRef(`localhost:5000/app:1.0@${digest}`)).toMatchObject({ registry: 'localhost:5000', tag: '1.0', digest });
  });
  it('is undefined for templates and non-strings instead of throwing', () => {
    for (const v of [
      'IMAGE_URL',
      'REGION-docker.pkg.dev/PROJECT_ID/repo/app:v1',
      'registry.local:5000/',
      '${IMAGE}',
      '{{ .Values.image }}',
      '',
      '  ',
      undefined,
      42,
      null,
      'repo/app:$(TAG)',
    ])
      expect(parseImageRef(v)).toBeUndefined();
  });
});

describe('imagePullPolicy defaulting (semantics note 8.5)', () => {
  const policy = (image: string) => defaultPullPolicy(parseImageRef(image)!);
  it('Always for :latest or no tag and no digest, IfNotPresent otherwise', () => {
    expect(policy('nginx')).toBe('Always');
    expect(policy('nginx:latest')).toBe('Always');
    expect(policy('localhost:5000/app')).toBe('Always');
    expect(policy('nginx:1.25')).toBe('IfNotPresent');
    expect(policy('nginx@sha256:' + 'b'.repeat(64))).toBe('IfNotPresent');
  });
  it('a declared policy wins', () => {
    expect(effectivePullPolicy(parseImageRef('nginx:latest')!, 'IfNotPresent')).toBe('IfNotPresent');
    expect(effectivePullPolicy(parseImageRef('nginx:1.2.3')!, 'bogus')).toBe('IfNotPresent');
  });
});

describe('tagMobility', () => {
  const mobility = (image: string) => tagMobility(parseImageRef(image)!);
  it('floating: no tag, latest, channel names, also with a variant suffix', () => {
    for (const image of [
      'nginx',
      'nginx:latest',
      'nginx:stable',
      'node:lts-alpine',
      'app:main',
      'app:nightly',
      'nginx:mainline-alpine',
      'localhost:5000/app',
    ]) {
      expect(mobility(image), image).toBe('floating');
    }
  });
  it('version lines of official images: major or major.minor, optionally with a variant', () => {
    for (const image of ['redis:7', 'python:3.9', 'node:20-alpine', 'docker.io/library/postgres:16', 'python:3.11-slim-bookworm'])
      expect(mobility(image), image).toBe('version-line');
  });
  it("other publishers' short version tags are taken as releases", () => {
    for (const image of ['example/app:v2', 'registry.k8s.io/redis:v1', 'gcr.io/google-samples/hello-app:1.0', 'quay.io/library/redis:7'])
      expect(mobility(image), image).toBe('fixed');
  });
  it('fixed: full versions, build ids, commit tags, digests', () => {
    for (const image of [
      'nginx:1.25.3',
      'app:20240101',
      'app:main-3f2a1bc',
      'app:sha-3f2a1bc',
      'app:1234',
      'node:20.11.1-alpine3.19',
      'app:latest@sha256:' + 'c'.repeat(64),
      'app@sha256:' + 'c'.repeat(64),
    ]) {
      expect(mobility(image), image).toBe('fixed');
    }
  });
});
