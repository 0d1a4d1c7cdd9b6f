/**
 * The JSON Schema (2020-12) subset that `codegen/` emits and generated
 * validators enforce. OpenAPI 3.1 uses this dialect for its schemas.
 *
 * @module
 */

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | {
  [key: string]: JsonValue;
};

/** A JSON Schema type name. */
export type JsonSchemaType =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'null'
  | 'array'
  | 'object';

/** A JSON Schema, restricted to the keywords this toolkit emits. */
export interface JsonSchema {
  /** Reference to a component: `#/components/schemas/Name`. */
  $ref?: string;
  /** Allowed type or types. */
  type?: JsonSchemaType | JsonSchemaType[];
  /** The only allowed value. */
  const?: JsonValue;
  /** The allowed values. */
  enum?: JsonValue[];
  /** Object properties. */
  properties?: Record<string, JsonSchema>;
  /** Properties that must be present. */
  required?: string[];
  /** Schema of other properties, or `false` to forbid them. */
  additionalProperties?: JsonSchema | false;
  /** Schema of every array item, or `false` after `prefixItems`. */
  items?: JsonSchema | false;
  /** Schemas of the first items (tuples). */
  prefixItems?: JsonSchema[];
  /** The value matches at least one of these. */
  anyOf?: JsonSchema[];
  /** The value matches exactly one of these. */
  oneOf?: JsonSchema[];
  /** OpenAPI discriminator for `oneOf` (OpenAPI 3.1 §4.8.25). */
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  /** Inclusive lower bound. */
  minimum?: number;
  /** Inclusive upper bound. */
  maximum?: number;
  /** Exclusive lower bound. */
  exclusiveMinimum?: number;
  /** Exclusive upper bound. */
  exclusiveMaximum?: number;
  /** Minimum string length, in code points. */
  minLength?: number;
  /** Maximum string length, in code points. */
  maxLength?: number;
  /** ECMA-262 regular expression the string must match. */
  pattern?: string;
  /** Semantic format, e.g. `date-time`. Informative only. */
  format?: string;
  /** Minimum array length. */
  minItems?: number;
  /** Maximum array length. */
  maxItems?: number;
  /** Media type of string content, e.g. for file parts. */
  contentMediaType?: string;
  /** A short title. */
  title?: string;
  /** A description, in CommonMark. */
  description?: string;
  /** The default value. */
  default?: JsonValue;
  /** Example values. */
  examples?: JsonValue[];
  /** Marks the value as deprecated. */
  deprecated?: boolean;
}
