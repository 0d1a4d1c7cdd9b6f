/**
 * Dead properties (RFC 4918 §4.2): any XML a client stores on a resource with
 * PROPPATCH and reads back with PROPFIND, keyed by namespace and local name.
 * Values are parsed elements (../../../src/rool/_xml.ts), never changed in
 * place, so copies share them.
 *
 * @module
 */
import { serializeXml, type XmlElement } from '../../../src/rool/_xml.ts';
import { utf8Length } from '../size.ts';
import { FilesError } from './errors.ts';
import { filesLimits } from './limits.ts';

/**
 * The key of a property: Clark notation, `{namespace}local`.
 *
 * @param ns The namespace URI; `''` for none.
 * @param local The local name.
 * @returns The key.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { propKey } from './dead-props.ts';
 * assert.equal(propKey('DAV:', 'getetag'), '{DAV:}getetag');
 * ```
 */
export function propKey(ns: string, local: string): string {
  return `{${ns}}${local}`;
}

/**
 * A resource's dead properties (RFC 4918 §4: the ones a client sets with PROPPATCH).
 *
 * @example Set, read and remove a property
 * ```ts
 * import assert from 'node:assert/strict';
 * import { DeadProps, propKey } from './dead-props.ts';
 * const props = new DeadProps();
 * props.set({ ns: 'urn:demo', local: 'colour', attributes: {}, children: [], text: 'blue' });
 * assert.equal(props.get(propKey('urn:demo', 'colour'))?.text, 'blue');
 * props.remove(propKey('urn:demo', 'colour'));
 * assert.equal(props.size, 0);
 * ```
 */
export class DeadProps {
  #props: Map<string, XmlElement>;

  /**
   * Creates the set.
   *
   * @param entries Initial properties by key (from {@linkcode DeadProps.clone}).
   */
  constructor(entries?: Iterable<readonly [string, XmlElement]>) {
    this.#props = new Map(entries);
  }

  /** How many properties are set. */
  get size(): number {
    return this.#props.size;
  }

  /**
   * A property.
   *
   * @param key Its key ({@linkcode propKey}).
   * @returns The element, with the property's name, attributes and value.
   */
  get(key: string): XmlElement | undefined {
    return this.#props.get(key);
  }

  /**
   * Every property, in the order first set.
   *
   * @returns The elements.
   */
  values(): XmlElement[] {
    return [...this.#props.values()];
  }

  /**
   * Sets a property, replacing one of the same name.
   *
   * @param element The property element: its name is the property's, its content the value.
   * @throws {FilesError} `storage_full` for a value over the size limit or one property too many
   * (RFC 4918 §9.2.1: 507, the server cannot store it).
   */
  set(element: XmlElement): void {
    const key = propKey(element.ns, element.local);
    const bytes = utf8Length(serializeXml(element));
    if (bytes > filesLimits.propValueBytes) {
      throw new FilesError(
        'storage_full',
        `A property is at most ${filesLimits.propValueBytes} bytes of XML; this one is ${bytes}`,
      );
    }
    if (!this.#props.has(key) && this.#props.size >= filesLimits.propsPerResource) {
      throw new FilesError(
        'storage_full',
        `A resource holds at most ${filesLimits.propsPerResource} properties; remove some first`,
      );
    }
    this.#props.set(key, element);
  }

  /**
   * Removes a property; removing one that is not set is no error (RFC 4918 §14.23).
   *
   * @param key Its key.
   */
  remove(key: string): void {
    this.#props.delete(key);
  }

  /**
   * An independent copy.
   *
   * @returns The copy, sharing the (immutable) elements.
   */
  clone(): DeadProps {
    return new DeadProps(this.#props);
  }

  /**
   * The properties as XML, for digests and archives.
   *
   * @returns Serialized elements by key.
   */
  toJSON(): Record<string, string> {
    return Object.fromEntries([...this.#props].map(([k, v]) => [k, serializeXml(v)]));
  }
}
