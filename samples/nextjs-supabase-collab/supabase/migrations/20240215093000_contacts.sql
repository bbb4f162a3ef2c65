-- Contacts and the audit table nobody reads any more.
create type public.contact_status as enum ('lead', 'customer', 'churned');

create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  first_name text not null,
  last_name text,
  email text,
  company text not null,
  status public.contact_status not null default 'lead',
  created_at timestamptz not null default now()
);

create index contacts_organization_id_idx on public.contacts (organization_id);

create table public.contact_import_jobs (
  id bigint generated always as identity primary key,
  organization_id uuid references public.organizations (id),
  file_name text not null,
  created_at timestamptz default now()
);

create function public.member_count(org_id uuid) returns integer
language sql stable as $$
  select count(*)::int from public.organization_memberships where organization_id = org_id;
$$;
