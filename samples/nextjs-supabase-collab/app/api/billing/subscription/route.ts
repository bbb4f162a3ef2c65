import { NextResponse } from 'next/server';
import { createClient } from '@/lib/supabase/server';

export async function GET(request: Request) {
  const supabase = await createClient();
  const organizationId = new URL(request.url).searchParams.get('organization_id');
  const { data: subscription, error } = await supabase
    .from('subscriptions')
    .select('id, status, current_period_end, cancel_at_period_end, plan:subscription_plans(id, name, price_cents, interval)')
    .eq('organization_id', organizationId)
    .in('status', ['active', 'trialing'])
    .maybeSingle();
  if (error) return NextResponse.json({ error: error.message }, { status: 500 });
  const { data: members } = await supabase.rpc('member_count', { org_id: organizationId });
  const { data: usage } = await supabase.rpc('billing_usage_summary', { org_id: organizationId });
  return NextResponse.json({ subscription, members, usage });
}
