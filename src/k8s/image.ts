/** Container image references and the imagePullPolicy Kubernetes defaults from them (semantics note 8.5). */

export interface ImageRef {
  /** Registry host (with port) when the first path component names one, e.g. `localhost:5000`. */
  registry: string | undefined;
  /** Repository path without registry, e.g. `library/nginx` or `example/app`. */
  repository: string;
  tag: string | undefined;
  /** e.g. `sha256:...` */
  digest: string | undefined;
}

/**
 * Splits `[registry[:port]/]path[:tag][@digest]` as the Docker reference grammar does. A colon
 * before the last `/` belongs to the registry host, never to a tag. Undefined for values that are
 * not image references: empty, unrendered templates such as `${IMAGE}`, and placeholders such as
 * `IMAGE_URL` or `REGION-docker.pkg.dev/PROJECT_ID/app` (repository paths are lowercase only).
 */
export function parseImageRef(image: unknown): ImageRef | undefined {
  if (typeof image !== 'string') return undefined;
  const value = image.trim();
  if (!/^[A-Za-z0-9._\-/:@]+$/.test(value)) return undefined;
  const at = value.indexOf('@');
  const name = at >= 0 ? value.slice(0, at) : value;
  const digest = at >= 0 ? value.slice(at + 1) || undefined : undefined;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const hasTag = colon > slash;
  const tag = hasTag ? name.slice(colon + 1) || undefined : undefined;
  const path = hasTag ? name.slice(0, colon) : name;
  const first = path.indexOf('/');
  const head = first >= 0 ? path.slice(0, first) : '';
  const isRegistry = first >= 0 && (head.includes('.') || head.includes(':') || head === 'localhost');
  const repository = isRegistry ? path.slice(first + 1) : path;
  if (repository === '' || repository !== repository.toLowerCase()) return undefined;
  return {
    registry: isRegistry ? head : undefined,
    repository,
    tag,
    digest,
  };
}

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** `SetDefaults_Container`: Always for `:latest` or no tag and no digest, IfNotPresent otherwise. */
export function defaultPullPolicy(ref: ImageRef): PullPolicy {
  if (ref.tag === 'latest') return 'Always';
  if (ref.tag === undefined && ref.digest === undefined) return 'Always';
  return 'IfNotPresent';
}

/** The pull policy a container ends up with: as declared, else the default for its image. */
export function effectivePullPolicy(ref: ImageRef, declared: unknown): PullPolicy {
  if (declared === 'Always' || declared === 'IfNotPresent' || declared === 'Never') return declared;
  return defaultPullPolicy(ref);
}

/** Tags registries conventionally move to newer builds, also with a variant suffix (`stable-alpine`). */
const MOVING_TAGS = new Set([
  'latest',
  'stable',
  'main',
  'master',
  'dev',
  'develop',
  'edge',
  'nightly',
  'lts',
  'current',
  'mainline',
  'head',
  'snapshot',
  'unstable',
  'canary',
  'next',
  'testing',
  'trunk',
]);

export type TagMobility =
  /** No tag (read as latest), `latest`, or a branch/channel name: moves by convention. */
  | 'floating'
  /** `redis:7`, `python:3.9`, `node:20-alpine`: a Docker Official Image version line, moved to each new release in the line. */
  | 'version-line'
  | 'fixed';

/** How likely the reference is to point at different content over time. A digest fixes it. */
export function tagMobility(ref: ImageRef): TagMobility {
  if (ref.digest !== undefined) return 'fixed';
  if (ref.tag === undefined) return 'floating';
  const tag = ref.tag.toLowerCase();
  const [head, ...variants] = tag.split('-');
  const variantsAreNames = variants.every((v) => /^[a-z]+$/.test(v));
  if (MOVING_TAGS.has(head) && variantsAreNames) return 'floating';
  if (isOfficialImage(ref) && /^v?[0-9]{1,3}(\.[0-9]{1,3})?$/.test(head) && variantsAreNames) return 'version-line';
  return 'fixed';
}

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * A Docker Official Image (`redis`, `docker.io/library/redis`): their maintainers document shared
 * tags like `7` or `7.2` that follow every new release. Other publishers' `v1` or `1.0` are
 * often fixed releases, so only official images are judged by the shape of the tag.
 */
export function isOfficialImage(ref: ImageRef): boolean {
  if (ref.registry !== undefined && !DOCKER_HUB.has(ref.registry)) return false;
  return !ref.repository.includes('/') || /^library\/[^/]+$/.test(ref.repository);
}
