/**
 * What each feature's running part is, by the feature's name. Empty here: each feature adds its own entry where
 * it is defined, by module augmentation (as fastify's decorators do), so that `use('routing')` is typed without
 * this module, or the code that asks, importing the feature:
 *
 *     declare module '../features/feature-instances.js' {
 *       interface FeatureInstances { routing: Routing }
 *     }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FeatureInstances {}

/** A feature's name, among those that have a running part. */
export type FeatureName = keyof FeatureInstances;

/** Finds another feature's running part: `undefined` when it is not part of this relay (or not started yet). */
export type UseFeature = <Name extends FeatureName>(name: Name) => FeatureInstances[Name] | undefined;
