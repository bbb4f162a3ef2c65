import { supabase } from './lib/supabase';

export async function completeTask(id: number) {
  return supabase.from('tasks').update({ state: 'done', deleted_at: null }).eq('id', id);
}

export async function overdue(projectId: number) {
  return supabase
    .from('tasks')
    .select('id, title, projects(name, owner_id)')
    .eq('project_id', projectId)
    .lt('due_at', new Date().toISOString())
    .or('state.eq.todo,state.eq.doing')
    .in('state', ['todo', 'doing']);
}

export async function addComment(taskId: number, authorId: string, body: string) {
  return supabase.from('comments').insert([{ task_id: taskId, author_id: authorId, body }]);
}

export async function saveProfile(id: string, username: string) {
  return supabase.from('profiles').upsert({ id, username }, { onConflict: 'id' });
}

export async function projectsOf(ownerId: string) {
  return supabase.from('projects').select('id, name, created_at').match({ owner_id: ownerId });
}

export async function search(text: string) {
  return supabase.rpc('search_tasks', { query: text, limit_n: 10 });
}

export async function invoiceTotals(projectId: number) {
  return supabase.schema('billing').from('invoices').select('id, total').eq('project_id', projectId);
}

export async function purgeComments(taskId: number) {
  return supabase.from('comments').delete().eq('task_id', taskId);
}
