from django.db import connection

OVERDUE = """
    SELECT b.title, l.borrower
    FROM legacy_loans l
    JOIN books b ON b.id = l.book_id
    WHERE NOT l.returned
"""


def overdue_loans():
    with connection.cursor() as cursor:
        cursor.execute(OVERDUE)
        return cursor.fetchall()


def books_per_genre():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT g.label, count(*) FROM books_genres bg JOIN library_genre g ON g.id = bg.genre_id GROUP BY g.label"
        )
        return cursor.fetchall()
