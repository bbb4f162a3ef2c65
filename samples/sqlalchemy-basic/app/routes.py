from fastapi import APIRouter, Depends
from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from .db import get_session
from .models import Invoice, Project, User

router = APIRouter()
UNPAID = "SELECT id, amount_cents FROM billing.invoices WHERE paid_at IS NULL AND project_id = %s"


@router.get("/users/{user_id}/projects")
def list_projects(user_id: int, session: Session = Depends(get_session)):
    stmt = select(Project).where(Project.owner_id == user_id, Project.archived.is_(False)).order_by(Project.name)
    return session.scalars(stmt).all()


@router.get("/users/by-email")
def by_email(email: str, session: Session = Depends(get_session)):
    return session.query(User).filter(User.email == email).first()


@router.post("/projects")
def create_project(owner_id: int, name: str, session: Session = Depends(get_session)):
    session.execute(insert(Project).values(owner_id=owner_id, name=name))
    session.commit()


@router.post("/projects/{project_id}/archive")
def archive(project_id: int, session: Session = Depends(get_session)):
    session.execute(update(Project).where(Project.id == project_id).values(archived=True))
    session.query(Invoice).filter_by(project_id=project_id, paid_at=None).count()


@router.get("/projects/{project_id}/members")
def members(project_id: int, session: Session = Depends(get_session)):
    rows = session.execute(
        text("SELECT u.email_address, m.role FROM project_members m JOIN users u ON u.id = m.user_id WHERE m.project_id = :pid"),
        {"pid": project_id},
    )
    return [dict(row._mapping) for row in rows]


def unpaid_invoices(conn, project_id: int):
    with conn.cursor() as cur:
        cur.execute(UNPAID, (project_id,))
        return cur.fetchall()
