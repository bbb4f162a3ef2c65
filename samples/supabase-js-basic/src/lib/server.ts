import { createServerClient } from '@supabase/ssr';
import { cookies } from 'next/headers';

// The Next.js convention: a project helper that wraps @supabase/ssr.
export async function createClient() {
  const store = await cookies();
  return createServerClient(process.env.SUPABASE_URL!, process.env.SUPABASE_ANON_KEY!, {
    cookies: { getAll: () => store.getAll() },
  });
}
