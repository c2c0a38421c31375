/**
 * What the desk's services are filled in with (`admin/admin-services.ts`: the admin store, the outbox worker,
 * contacts, staff sessions). Empty here: the desk adds itself where it is defined, by module augmentation, as the
 * socket's frame handler does (`SocketParts`), so that the kits that hand it on (the feature frame to every feature,
 * the admin API's router to every route, the accounts' routes) name it without importing the desk:
 *
 *     declare module '../features/desk.js' {
 *       interface DeskParts { readonly services: AdminServices }
 *     }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by module augmentation
export interface DeskParts {}

/** The desk's services, as features and admin routes are given them (see {@link DeskParts}). */
export type Desk = DeskParts extends { readonly services: infer Services } ? Services : never;
