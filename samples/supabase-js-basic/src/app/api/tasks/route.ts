import { NextResponse } from 'next/server';
import { createClient } from '@/lib/server';

export async function GET(request: Request) {
  const supabase = await createClient();
  const params = new URL(request.url).searchParams;
  let query = supabase
    .from('tasks')
    .select(`
      id,
      title,
      state,
      due:due_at,
      priority:meta->>priority,
      project:projects!inner(name),
      assignee:profiles!assignee_id(username, avatar_url),
      comments(count)
    `)
    .is('deleted_at', null);
  const state = params.get('state');
  if (state) query = query.eq('state', state);
  const { data, error } = await query.order('created_at', { ascending: false }).range(0, 49);
  if (error) return NextResponse.json({ error: error.message }, { status: 500 });
  return NextResponse.json({ tasks: data });
}

export async function POST(request: Request) {
  const supabase = await createClient();
  const { projectId, title } = await request.json();
  const { data, error } = await supabase
    .from('tasks')
    .insert({ project_id: projectId, title, state: 'todo' })
    .select('id')
    .single();
  if (error) return NextResponse.json({ error: error.message }, { status: 500 });
  return NextResponse.json({ task: data }, { status: 201 });
}
