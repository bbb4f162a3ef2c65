import { NextResponse } from 'next/server';
import { createClient } from '@/lib/supabase/server';

export async function GET(request: Request) {
  const supabase = await createClient();
  const organizationId = new URL(request.url).searchParams.get('organization_id');
  const { data, error } = await supabase
    .from('workflow_triggers')
    .select('id, name, description, trigger_type, conditions, is_active, last_triggered_at')
    .eq('organization_id', organizationId)
    .eq('is_active', true);
  if (error) return NextResponse.json({ error: error.message }, { status: 500 });
  return NextResponse.json({ triggers: data });
}

export async function POST(request: Request) {
  const supabase = await createClient();
  const body = await request.json();
  const { data, error } = await supabase
    .from('workflow_triggers')
    .insert({
      organization_id: body.organization_id,
      name: body.name,
      trigger_type: body.trigger_type,
      conditions: body.conditions ?? {},
      is_active: true,
    })
    .select()
    .single();
  if (error) return NextResponse.json({ error: error.message }, { status: 500 });
  return NextResponse.json({ trigger: data }, { status: 201 });
}
