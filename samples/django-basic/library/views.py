from django.db.models import Q
from django.http import JsonResponse

from .models import Author, Book, Loan


def search(request):
    q = request.GET.get("q", "")
    books = (
        Book.objects.filter(Q(title__icontains=q) | Q(isbn=q), author__name__isnull=False)
        .order_by("-published_on")
        .values("id", "title", "author__name")
    )
    return JsonResponse({"books": list(books)})


def add_author(request):
    author = Author.objects.create(name=request.POST["name"])
    return JsonResponse({"id": author.id})


def return_book(request, book_id):
    Loan.objects.filter(book_id=book_id, returned=False).update(returned=True)
    return JsonResponse({"ok": True})
