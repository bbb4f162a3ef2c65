import { NextResponse } from 'next/server';
import { createClient } from '@/lib/supabase/server';

export async function GET(request: Request) {
  const supabase = await createClient();
  const organizationId = new URL(request.url).searchParams.get('organization_id');
  const { data, error } = await supabase
    .from('collaboration_channels')
    .select('id, name, type, description, is_private, member_count, last_message:collaboration_messages(id, content, created_at)')
    .eq('organization_id', organizationId)
    .eq('is_archived', false)
    .order('created_at', { ascending: false });
  if (error) return NextResponse.json({ error: error.message }, { status: 500 });
  return NextResponse.json({ channels: data });
}

export async function POST(request: Request) {
  const supabase = await createClient();
  const body = await request.json();
  const { data: { user } } = await supabase.auth.getUser();
  const { data, error } = await supabase
    .from('collaboration_channels')
    .insert({
      organization_id: body.organization_id,
      name: body.name,
      type: 'text',
      description: body.description ?? null,
      is_private: false,
      created_by: user?.id,
    })
    .select()
    .single();
  if (error) return NextResponse.json({ error: error.message }, { status: 500 });
  return NextResponse.json({ channel: data }, { status: 201 });
}
