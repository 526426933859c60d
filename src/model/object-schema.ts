import { customResourceSchema } from '../k8s/crd-schema.js';
import { builtinKindSchema, objectMetaSchema, schemaKubernetesVersion, type FieldType } from '../k8s/field-schema.js';
import type { K8sObject } from './object.js';

export interface ObjectSchema {
  type: FieldType;
  /** Where the schema comes from, for messages: "Kubernetes 1.36", "CustomResourceDefinition widgets.example.com". */
  origin: string;
}

/**
 * The schema an object is decoded with: its built-in kind's, else the one a CustomResourceDefinition
 * shipped with it gives its group, kind and version. Undefined when neither is known (a custom
 * resource without its CRD, a beta or removed apiVersion): such objects are not judged.
 */
export function objectSchema(object: K8sObject, shippedCrds: readonly K8sObject[]): ObjectSchema | undefined {
  const builtin = builtinKindSchema(object.apiVersion, object.kind);
  if (builtin) return { type: builtin, origin: `Kubernetes ${schemaKubernetesVersion()}` };
  for (const crd of shippedCrds) {
    if (crd.apiVersion !== 'apiextensions.k8s.io/v1') continue;
    const type = customResourceSchema(crd.raw, object.apiVersion, object.kind, objectMetaSchema());
    if (type) return { type, origin: `CustomResourceDefinition ${crd.name ?? '(unnamed)'}` };
  }
  return undefined;
}
