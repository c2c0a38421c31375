/**
 * Extension points (ADR docs/decisions/2026-11-29-extension-points.md): a host feature names the places it can be
 * extended at, each typed by what is contributed to it (`rules.conditions` takes rule conditions, `views.filters`
 * saved views' criteria); another feature contributes to a point from its own `feature.ts`, and the host reads every
 * feature's contributions through the feature host. No feature edits another's files to extend it.
 */

/** A point's name: its host feature's name, a dot, what is contributed (`rules.actions`). */
export type PointName = `${string}.${string}`;

/** A named place a host feature can be extended at, typed by what others contribute to it. */
export interface ExtensionPoint<Item> {
  /** Unique among the relay's points: `<host feature>.<what>`. */
  readonly name: PointName;
  /** The feature that declares the point (in its `points`) and reads what is contributed to it. */
  readonly host: string;
  /** A feature's contribution to this point (listed in its `contributes`). */
  with(...items: readonly Item[]): Contribution<Item>;
}

/** What one feature contributes to one point. */
export interface Contribution<Item> {
  readonly point: ExtensionPoint<Item>;
  readonly items: readonly Item[];
}

/**
 * Declares a point: the host feature exports it from its folder and lists it in its `points`; its host is the name's
 * part before the dot.
 */
export function extensionPoint<Item>(name: PointName): ExtensionPoint<Item> {
  const point: ExtensionPoint<Item> = {
    name,
    host: name.slice(0, name.indexOf('.')),
    with: (...items) => ({ point, items }),
  };
  return point;
}

/** What the start checks of a feature's place among the others (see {@link checkFeatureList}). */
export interface FeatureLinks {
  readonly name: string;
  /** The features it cannot run without. */
  readonly requires?: readonly string[] | undefined;
  /** The points it hosts. */
  readonly points?: readonly ExtensionPoint<unknown>[] | undefined;
  /** What it contributes to other features' points (or its own). */
  readonly contributes?: readonly Contribution<unknown>[] | undefined;
}

/**
 * Refuses, naming them, a list of features that cannot run together: two features of one name, a feature whose
 * required feature is absent, a point declared twice or by a feature that is not its host, and a contribution to a
 * point its host does not declare. Every problem is told at once, in one error. A contribution to a point whose host
 * feature is absent lies dormant.
 */
export function checkFeatureList(features: readonly FeatureLinks[]): void {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const feature of features) {
    if (names.has(feature.name)) problems.push(`two features are named ${feature.name}`);
    names.add(feature.name);
  }
  const declared = new Map<string, ExtensionPoint<unknown>>();
  for (const feature of features)
    for (const point of feature.points ?? []) {
      if (point.host !== feature.name)
        problems.push(`feature ${feature.name} declares ${point.name}, a point of the feature ${point.host}`);
      else if (declared.has(point.name)) problems.push(`the point ${point.name} is declared twice`);
      else declared.set(point.name, point);
    }
  problems.push(...requirementProblems(features));
  for (const feature of features) {
    for (const { point } of feature.contributes ?? []) {
      // A contribution to a point whose host is left out is dormant: nobody reads it, and the contributor works on
      // without it (the removability test leaves each feature out in turn).
      if (!names.has(point.host)) continue;
      if (declared.get(point.name) !== point)
        problems.push(
          `feature ${feature.name} contributes to ${point.name}, a point the feature ${point.host} does not declare` +
            ` (it declares ${pointsOf(declared, point.host)})`,
        );
    }
  }
  if (problems.length > 0) throw new Error(`the features cannot run together: ${problems.join('; ')}`);
}

/** Each feature's required feature that the list lacks, in words naming both (`requires`). */
export function requirementProblems(features: readonly Pick<FeatureLinks, 'name' | 'requires'>[]): string[] {
  const names = new Set(features.map((feature) => feature.name));
  return features.flatMap((feature) =>
    (feature.requires ?? [])
      .filter((name) => !names.has(name))
      .map((name) => `the feature ${feature.name} requires the feature ${name}, which is not in the list`),
  );
}

function pointsOf(declared: ReadonlyMap<string, ExtensionPoint<unknown>>, host: string): string {
  const names = [...declared.values()].filter((point) => point.host === host).map((point) => point.name);
  return names.length > 0 ? names.join(', ') : 'none';
}

/** Every item contributed to `point`, in the order of the feature list (then of each contribution's items). */
export function contributionsTo<Item>(features: readonly FeatureLinks[], point: ExtensionPoint<Item>): Item[] {
  return features.flatMap((feature) =>
    (feature.contributes ?? []).flatMap((contribution) =>
      // The same object is the same point: what was contributed to it is of its type.
      contribution.point === point ? (contribution.items as readonly Item[]) : [],
    ),
  );
}

/** Reads the contributions to a point (the feature context's and the feature host's). */
export type ReadPoint = <Item>(point: ExtensionPoint<Item>) => readonly Item[];
