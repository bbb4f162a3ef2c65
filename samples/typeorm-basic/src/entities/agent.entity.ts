import { Column, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { SupportTicket } from './support-ticket.entity';

@Entity('agents')
export class Agent {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 200 }) email: string;
  @Column({ nullable: true }) displayName: string | null;
  @OneToMany(() => SupportTicket, (t) => t.assignee) tickets: SupportTicket[];
}

@Entity({ name: 'labels' })
export class Label {
  @PrimaryGeneratedColumn() id: number;
  @Column() name: string;
}
