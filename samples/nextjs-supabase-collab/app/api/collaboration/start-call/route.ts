import { NextResponse } from 'next/server';
import { createClient } from '@/lib/supabase/server';

export async function POST(request: Request) {
  const supabase = await createClient();
  const { channel_id, call_type } = await request.json();
  const { data: { user } } = await supabase.auth.getUser();
  const { data: channel } = await supabase.from('collaboration_channels').select('id, name').eq('id', channel_id).single();
  if (!channel) return NextResponse.json({ error: 'Channel not found' }, { status: 404 });
  const { data, error } = await supabase
    .from('collaboration_calls')
    .insert({ channel_id, initiated_by: user!.id, call_type: call_type ?? 'voice', status: 'active', participants: [user!.id] })
    .select()
    .single();
  if (error) return NextResponse.json({ error: error.message }, { status: 500 });
  return NextResponse.json({ call: data }, { status: 201 });
}
