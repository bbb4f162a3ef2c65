import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Agent } from './entities/agent.entity';
import { SupportTicket } from './entities/support-ticket.entity';

export class TicketsService {
  constructor(
    @InjectRepository(SupportTicket) private readonly tickets: Repository<SupportTicket>,
    private readonly dataSource: DataSource,
  ) {}

  open(subject: string) {
    return this.tickets.insert({ subject });
  }

  forAgent(email: string) {
    return this.tickets.find({ where: { assignee: { email } }, relations: ['labels'], order: { openedAt: 'DESC' } });
  }

  agents() {
    return this.dataSource.getRepository(Agent).findBy({ displayName: 'Support' });
  }

  recent() {
    return this.dataSource.createQueryBuilder().select('t.subject').from(SupportTicket, 't').getMany();
  }
}
