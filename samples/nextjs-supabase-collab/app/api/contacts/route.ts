import { NextResponse } from 'next/server';
import { createClient } from '@/lib/supabase/server';

export async function GET(request: Request) {
  const supabase = await createClient();
  const params = new URL(request.url).searchParams;
  const { data, error } = await supabase
    .from('contacts')
    .select('id, first_name, last_name, email, company, status, organization:organizations(name, slug)')
    .eq('organization_id', params.get('organization_id'))
    .eq('status', 'prospect')
    .order('created_at', { ascending: false });
  if (error) return NextResponse.json({ error: error.message }, { status: 500 });
  return NextResponse.json({ contacts: data });
}

export async function POST(request: Request) {
  const supabase = await createClient();
  const body = await request.json();
  const { data, error } = await supabase
    .from('contacts')
    .insert({ organization_id: body.organization_id, first_name: body.first_name, email: body.email, phone: body.phone })
    .select()
    .single();
  if (error) return NextResponse.json({ error: error.message }, { status: 500 });
  return NextResponse.json({ contact: data }, { status: 201 });
}
