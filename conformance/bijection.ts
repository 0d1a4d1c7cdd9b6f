/**
 * The pairing of target IDs with reference IDs. Each side generates its own
 * IDs; the suite pairs them in creation order and insists the pairing stays a
 * bijection: one target ID never stands for two reference IDs, nor the other
 * way round.
 *
 * @module
 */

/** A one-to-one pairing of target and reference values. */
export class Bijection {
  #toReference = new Map<string, string>();
  #toTarget = new Map<string, string>();

  /**
   * Pairs two values, or checks an existing pairing.
   *
   * @param target The target's value.
   * @param reference The reference's value.
   * @returns `undefined` when consistent, else why not.
   */
  pair(target: string, reference: string): string | undefined {
    const knownReference = this.#toReference.get(target);
    const knownTarget = this.#toTarget.get(reference);
    if (knownReference === undefined && knownTarget === undefined) {
      this.#toReference.set(target, reference);
      this.#toTarget.set(reference, target);
      return undefined;
    }
    if (knownReference === reference && knownTarget === target) return undefined;
    if (knownReference !== undefined && knownReference !== reference) {
      return `target ID ${target} was paired with reference ID ${knownReference}, now with ${reference}`;
    }
    return `reference ID ${reference} was paired with target ID ${knownTarget}, now with ${target}`;
  }

  /**
   * Whether a target value is paired.
   *
   * @param target The target's value.
   * @returns `true` when paired.
   */
  hasTarget(target: string): boolean {
    return this.#toReference.has(target);
  }

  /**
   * Rewrites every paired target value inside a string into its reference value,
   * longest first, so strings that embed IDs (`files/<fileId>/a.txt`) compare.
   *
   * @param text A target string.
   * @returns The string in reference terms.
   */
  translate(text: string): string {
    const keys = [...this.#toReference.keys()].filter((k) => k.length >= 3 && text.includes(k))
      .sort((a, b) => b.length - a.length);
    if (keys.length === 0) return text;
    // One pass: a rewritten ID is never rewritten again, even if it equals another target ID.
    const pattern = new RegExp(
      keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
      'g',
    );
    return text.replace(pattern, (key) => this.#toReference.get(key)!);
  }

  /** How many pairs there are. */
  get size(): number {
    return this.#toReference.size;
  }
}
