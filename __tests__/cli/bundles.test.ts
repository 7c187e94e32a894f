import fc from 'fast-check';
import { packBundles } from '../../src/cli/plan/bundles.js';
import type { EnvVariable } from '../../src/cli/plan/envBudget.js';

const variable = (name: string, value: string): EnvVariable => ({ name, value, parameter: `/p/${name}` });

/** The JSON text of a bundle, as it would be stored in SSM. */
const bundleText = (names: readonly string[], variables: readonly EnvVariable[]): string =>
  JSON.stringify(
    Object.fromEntries(names.map((name) => [name, variables.find((entry) => entry.name === name)?.value])),
  );

describe('packBundles', () => {
  it('measures a bundle as its JSON text', () => {
    const packing = packBundles([variable('A', '1')], 4096);

    expect(packing.bundles).toEqual([{ names: ['A'], bytes: 9 }]);
    expect(packing.parameters).toBe(1);
  });

  it('opens a new bundle when the next value does not fit, largest values first', () => {
    const variables = [
      variable('A', 'x'.repeat(10)),
      variable('B', 'x'.repeat(30)),
      variable('C', 'x'.repeat(20)),
    ];

    const packing = packBundles(variables, 45);

    expect(packing.bundles.map((bundle) => bundle.names)).toEqual([['B'], ['C', 'A']]);
    expect(packing.bundles.map((bundle) => bundle.bytes)).toEqual([38, 45]);
  });

  it('leaves a value too large for any bundle as its own parameter', () => {
    const packing = packBundles([variable('HUGE', 'x'.repeat(5000)), variable('A', 'a')], 4096);

    expect(packing.alone).toEqual(['HUGE']);
    expect(packing.bundles).toEqual([{ names: ['A'], bytes: 9 }]);
    expect(packing.parameters).toBe(2);
  });

  it('counts escaped characters as JSON stores them', () => {
    const packing = packBundles([variable('Q', 'say "hi"\n')], 4096);

    expect(packing.bundles[0]?.bytes).toBe(Buffer.byteLength(JSON.stringify({ Q: 'say "hi"\n' })));
  });

  it('keeps every bundle within capacity and every variable in exactly one place', () => {
    const variablesArbitrary = fc.uniqueArray(
      fc.record({ name: fc.stringMatching(/^[A-Z_]{1,10}$/), value: fc.string({ maxLength: 400 }) }),
      {
        selector: (entry) => entry.name,
        maxLength: 30,
      },
    );
    fc.assert(
      fc.property(variablesArbitrary, fc.integer({ min: 8, max: 2000 }), (entries, capacity) => {
        const variables = entries.map((entry) => variable(entry.name, entry.value));
        const packing = packBundles(variables, capacity);
        const placed = [...packing.bundles.flatMap((bundle) => bundle.names), ...packing.alone].sort();
        return (
          packing.bundles.every((bundle) => {
            const bytes = Buffer.byteLength(bundleText(bundle.names, variables));
            return bytes === bundle.bytes && bytes <= capacity;
          }) && JSON.stringify(placed) === JSON.stringify(variables.map((entry) => entry.name).sort())
        );
      }),
    );
  });
});
