import type { Kysely } from 'kysely';
import { db } from './db';
import type { DB } from './types';

export async function petsOf(ownerId: number) {
  return db
    .selectFrom('pet as p')
    .innerJoin('person as o', 'o.id', 'p.owner_id')
    .select(['p.id', 'p.name', 'p.species', 'o.first_name as owner'])
    .where('p.owner_id', '=', ownerId)
    .orderBy('p.name')
    .execute();
}

export async function findPeople(filters: { minAge?: number; lastName?: string }) {
  let query = db.selectFrom('person').select(['id', 'first_name', 'last_name']);
  if (filters.minAge) query = query.where('age', '>=', filters.minAge);
  if (filters.lastName) query = query.where('last_name', '=', filters.lastName);
  return query.execute();
}

export async function register(firstName: string, petName: string, species: string) {
  return db.transaction().execute(async (trx) => {
    const owner = await trx.insertInto('person').values({ first_name: firstName }).returning('id').executeTakeFirstOrThrow();
    return trx.insertInto('pet').values({ owner_id: owner.id, name: petName, species }).returning(['id']).executeTakeFirstOrThrow();
  });
}

export async function recordVisit(petId: number, notes: string) {
  await db.insertInto('visit').values({ pet_id: petId, notes }).execute();
  await db.updateTable('person').set({ age: 1 }).where('id', '=', petId).where('age', 'is', null).execute();
}

export async function frequentVisitors() {
  return db
    .with('counts', (qb) => qb.selectFrom('visit').select(['pet_id']).groupBy('pet_id'))
    .selectFrom('counts')
    .innerJoin('pet', 'pet.id', 'counts.pet_id')
    .select(['pet.name'])
    .execute();
}

export async function forget(k: Kysely<DB>, petId: number) {
  await k.deleteFrom('visit').where('pet_id', '=', petId).execute();
}
