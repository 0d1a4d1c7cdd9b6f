/**
 * The products the suite can check, by name.
 *
 * @module
 */
import type { ConformanceConfig } from '../config.ts';
import type { ConformanceProduct } from '../product.ts';
import { rojProduct } from './roj.ts';
import { roolProduct } from './rool.ts';

/** The products the suite can check. */
export type ProductName = 'roj' | 'rool';

/**
 * The product of a name.
 *
 * @param name The product.
 * @param config Roj: the target's catalogue and limits.
 * @returns The product.
 */
export function createProduct(name: ProductName, config?: ConformanceConfig): ConformanceProduct {
  switch (name) {
    case 'roj':
      return rojProduct(config);
    case 'rool':
      return roolProduct();
  }
}
