import { NextResponse } from 'next/server';
import { createClient } from '@/lib/supabase/server';

export async function GET(request: Request) {
  const supabase = await createClient();
  const channelId = new URL(request.url).searchParams.get('channel_id');
  const { data, error } = await supabase
    .from('collaboration_messages')
    .select('id, content, type, user_id, reply_to_id, metadata, created_at, author:profiles(full_name, avatar_url)')
    .eq('channel_id', channelId)
    .is('deleted_at', null)
    .order('created_at', { ascending: true })
    .limit(100);
  if (error) return NextResponse.json({ error: error.message }, { status: 500 });
  return NextResponse.json({ messages: data });
}

export async function POST(request: Request) {
  const supabase = await createClient();
  const { channel_id, content, reply_to_id } = await request.json();
  const { data: { user } } = await supabase.auth.getUser();
  const { data, error } = await supabase
    .from('collaboration_messages')
    .insert({ channel_id, user_id: user!.id, content, type: 'text', reply_to_id, metadata: {} })
    .select()
    .single();
  if (error) return NextResponse.json({ error: error.message }, { status: 500 });
  await supabase.from('collaboration_channels').update({ last_message_id: data.id }).eq('id', channel_id);
  return NextResponse.json({ message: data }, { status: 201 });
}
