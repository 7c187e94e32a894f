/** How many values a loader delivered: the leaves one level down (a path's record counts its entries). */
export const countValues = (values: Readonly<Record<string, unknown>>): number =>
  Object.values(values).reduce<number>(
    (sum, value) =>
      sum +
      (typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value).length : 1),
    0,
  );
