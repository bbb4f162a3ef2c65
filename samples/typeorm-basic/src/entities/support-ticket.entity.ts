import { Column, CreateDateColumn, Entity, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agent, Label } from './agent.entity';

@Entity()
export class SupportTicket {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() subject: string;
  @CreateDateColumn({ name: 'opened_at', type: 'timestamptz' }) openedAt: Date;
  @ManyToOne(() => Agent, (a) => a.tickets) @JoinColumn({ name: 'assignee_id' }) assignee: Agent | null;
  @ManyToMany(() => Label)
  @JoinTable({ name: 'ticket_labels', joinColumn: { name: 'ticket_id' }, inverseJoinColumn: { name: 'label_id' } })
  labels: Label[];
}
