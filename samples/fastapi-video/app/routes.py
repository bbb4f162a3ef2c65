from fastapi import APIRouter, Depends
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from .db import get_session
from .models import CloudConnection, User, Video, VideoIngestRequest

router = APIRouter()


@router.get("/videos")
def list_videos(user_id: int, session: Session = Depends(get_session)):
    stmt = select(Video).where(Video.user_id == user_id).order_by(Video.created_at.desc())
    return session.scalars(stmt).all()


@router.post("/videos/{video_id}/ingest")
def ingest(video_id: int, url: str, session: Session = Depends(get_session)):
    request = VideoIngestRequest(video_id=video_id, source_url=url)
    session.add(request)
    session.commit()
    return {"id": request.id}


@router.get("/users/{user_id}/connections")
def connections(user_id: int, session: Session = Depends(get_session)):
    return session.query(CloudConnection).filter(CloudConnection.user_id == user_id).all()


@router.get("/users/{user_id}/stats")
def stats(user_id: int, session: Session = Depends(get_session)):
    row = session.execute(
        text("SELECT count(*) AS videos, coalesce(sum(duration_seconds), 0) AS seconds FROM videos WHERE user_id = :uid"),
        {"uid": user_id},
    ).one()
    return {"videos": row.videos, "seconds": row.seconds, "email": session.get(User, user_id).email}
