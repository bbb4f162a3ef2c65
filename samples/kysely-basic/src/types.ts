export interface DB {
  person: { id: number; first_name: string; last_name: string | null; age: number | null; created_at: Date };
  pet: { id: number; owner_id: number; name: string; species: string };
  visit: { id: number; pet_id: number; visited_at: Date; notes: string | null };
}
