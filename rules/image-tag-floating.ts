import { defineRule } from '../src/engine/rule.js';
import { effectivePullPolicy, parseImageRef, tagMobility, type PullPolicy } from '../src/k8s/image.js';

export default defineRule({
  id: 'image-tag-floating',
  severity: 'warning',
  category: 'images',
  summary: 'An image without a digest uses no tag, :latest or another moving tag',
  docs: {
    catches:
      'No tag, `:latest`, or a channel tag (`stable`, `main`, `nightly`, `lts-alpine`, …) without a digest; says which pull policy applies (no tag/`:latest` defaults it to Always). ' +
      'Version-line tags of Docker Official Images (`redis:7`, `python:3.11-slim`) are reported as info. ' +
      'Digest-pinned images, templates (`${IMAGE}`) and placeholders (`IMAGE_URL`) are never reported.',
    declared: 'an image with no tag, the tag latest, or a channel tag such as stable, main or nightly, and no @sha256 digest',
    interpreted:
      'the registry lets the publisher move the tag to a different build at any time: which code runs depends on when and where each pod pulled it. With no tag or :latest and no imagePullPolicy, the policy defaults to Always, so every pod start pulls whatever the tag points to then; with IfNotPresent each node keeps the build it pulled first. Different replicas may run different code and re-applying the same manifest does not roll back. (The default is set when the object is created; a cluster with the AlwaysPullImages admission plugin forces Always.)',
    fix: 'pin an immutable version tag, or better a digest (image: repo/app:1.4.2@sha256:...)',
    details:
      'Version-line tags of Docker Official Images (redis:7, python:3.11-slim) are reported as info: those tags follow each new release in the line. Short version tags of other publishers (example/app:v1) are taken as releases. Digest-pinned images are never reported.',
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      const image = container.facts.image();
      const ref = parseImageRef(image);
      if (!ref) continue;
      const mobility = tagMobility(ref);
      if (mobility === 'fixed') continue;
      const declaredPolicy = container.facts.imagePullPolicy();
      const policy = effectivePullPolicy(ref, declaredPolicy);
      const policyText =
        declaredPolicy === policy
          ? `imagePullPolicy ${policy}`
          : `no imagePullPolicy, so it defaults to ${policy}${policy === 'Always' ? ' (the default for no tag or :latest)' : ''}`;
      const tagText =
        ref.tag === undefined
          ? 'has no tag (Kubernetes reads it as :latest)'
          : mobility === 'version-line'
            ? `uses the version-line tag "${ref.tag}"`
            : `uses the moving tag "${ref.tag}"`;
      const may = mobility === 'version-line' ? 'may' : 'can';
      ctx.report({
        object: container.workload.object,
        path: [...container.path, 'image'],
        severity: mobility === 'version-line' ? 'info' : undefined,
        message: `Container "${container.name}" image "${String(image)}" ${tagText} and no digest`,
        declared: `image ${String(image)}; ${policyText}`,
        interpreted: `${mobility === 'version-line' ? `"${ref.tag}" names a version line, not one release: Docker Official Images move such tags to each new release in the line, so it may point to a different build over time; ` : ''}${consequence(policy, may)}`,
        fix:
          mobility === 'version-line'
            ? 'pin the full version (major.minor.patch) or a digest (@sha256:...)'
            : 'pin an immutable version tag, or better a digest (@sha256:...)',
      });
    }
  },
});

function consequence(policy: PullPolicy, may: string): string {
  switch (policy) {
    case 'Always':
      return `every pod start pulls whatever the tag points to at that moment: pods started at different times (rollouts, rescheduling, scale-up) ${may} run different code, and re-applying the same manifest does not roll back to the earlier build`;
    case 'IfNotPresent':
      return `each node keeps the build it pulled first and does not pull the tag again while that image is cached: different nodes ${may} run different code, and a new push reaches only nodes that did not have the image yet`;
    case 'Never':
      return `the kubelet runs whatever image with this tag each node already has (and the container fails to start where it has none): different nodes ${may} run different code`;
  }
}
