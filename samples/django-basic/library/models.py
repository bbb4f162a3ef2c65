from django.db import models


class Timestamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Author(Timestamped):
    name = models.CharField(max_length=100)


class Genre(models.Model):
    label = models.CharField(max_length=50)


class Book(Timestamped):
    title = models.CharField(max_length=200)
    isbn = models.CharField(max_length=13, db_column="isbn_13", null=True)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
    published_on = models.DateField(null=True)
    genres = models.ManyToManyField(Genre)

    class Meta:
        db_table = "books"


class Loan(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE)
    borrower = models.CharField(max_length=100)
    returned = models.BooleanField(default=False)

    class Meta:
        managed = False
        db_table = "legacy_loans"
