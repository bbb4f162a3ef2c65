import { NextResponse } from 'next/server';
import { createClient } from '@/lib/supabase/server';

export async function POST(request: Request) {
  const supabase = await createClient();
  const body = await request.json();
  const { data: { user } } = await supabase.auth.getUser();
  const { data, error } = await supabase
    .from('collaboration_meetings')
    .insert({
      channel_id: body.channel_id,
      title: body.title,
      description: body.description,
      scheduled_for: new Date(body.scheduled_for).toISOString(),
      duration_minutes: 60,
      organized_by: user!.id,
      attendees: body.attendees ?? [],
      status: 'scheduled',
    })
    .select()
    .single();
  if (error) return NextResponse.json({ error: error.message }, { status: 500 });
  return NextResponse.json({ meeting: data }, { status: 201 });
}
