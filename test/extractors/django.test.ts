import { beforeAll, describe, expect, it } from 'vitest';
import django from '../../rules/extractors/django/index.js';
import { appLabel } from '../../rules/extractors/django/models.js';
import { resolveDjangoReferences } from '../../rules/extractors/django/resolve.js';
import { ensurePythonParser } from '../../src/extract/python.js';
import type { Declaration, Reference } from '../../src/types.js';
import { compactDeclaration, compactReference, testExtractor } from '../helpers/extract.js';
import { extractFromSource } from '../../src/extract/file.js';

beforeAll(async () => {
  await ensurePythonParser();
});

describe('django extractor', () => {
  testExtractor(django, [
    {
      name: "models: default <app>_<model> table, db_table, db_column, foreign keys, implicit id",
      filename: "blog/models.py",
      code: [
        "from django.db import models",
        "",
        "class Author(models.Model):",
        "    name = models.CharField(max_length=100)  # Straße – 作者 😀",
        "    email = models.EmailField(db_column=\"email_address\", null=True)",
        "",
        "    class Meta:",
        "        db_table = \"authors\"",
        "",
        "class Article(models.Model):",
        "    title = models.CharField(max_length=200)",
        "    author = models.ForeignKey(Author, on_delete=models.CASCADE)",
        "    editor = models.ForeignKey(\"blog.Author\", null=True, on_delete=models.SET_NULL, db_column=\"editor_ref\")",
        "    slug = models.SlugField(primary_key=True)",
      ].join('\n'),
      references: [],
      declarations: [
        {"relation":{"schema":null,"name":"authors"},"model":"Author","confidence":"exact","loc":"3:7-3:13","columns":[{"name":"id","type":"AutoField","nullable":false},{"name":"name","type":"CharField","nullable":false,"loc":"4:5-4:9"},{"name":"email_address","type":"EmailField","nullable":true,"field":"email","loc":"5:41-5:56"}]},
        {"relation":{"schema":null,"name":"blog_article"},"model":"Article","confidence":"inferred","loc":"10:7-10:14","columns":[{"name":"title","type":"CharField","nullable":false,"loc":"11:5-11:10"},{"name":"author_id","type":"ForeignKey","nullable":false,"field":"author","loc":"12:5-12:11"},{"name":"editor_ref","type":"ForeignKey","nullable":true,"field":"editor","loc":"13:95-13:107"},{"name":"slug","type":"SlugField","nullable":false,"loc":"14:5-14:9"}]},
      ],
    },
    {
      name: "many-to-many join tables, through models, abstract and unmanaged models, models package",
      filename: "shop/models/product.py",
      code: [
        "from django.db import models",
        "",
        "class Base(models.Model):",
        "    created = models.DateTimeField(auto_now_add=True)",
        "",
        "    class Meta:",
        "        abstract = True",
        "",
        "class Tag(Base):",
        "    label = models.CharField(max_length=30)",
        "",
        "class Product(Base):",
        "    tags = models.ManyToManyField(Tag)",
        "    related = models.ManyToManyField(\"self\")",
        "    buyers = models.ManyToManyField(\"auth.User\", through=\"Purchase\")",
        "",
        "class Legacy(models.Model):",
        "    code = models.CharField(max_length=5)",
        "",
        "    class Meta:",
        "        managed = False",
        "        db_table = '\"legacy\".\"codes\"'",
      ].join('\n'),
      references: [
        {"kind":"column","relation":{"schema":null,"name":"Base"},"column":"created","access":"ddl","written":"created","confidence":"inferred","note":"django-mixin:Base","loc":"4:5-4:12"},
      ],
      declarations: [
        {"relation":{"schema":null,"name":"shop_tag"},"model":"Tag","confidence":"inferred","loc":"9:7-9:10","columns":[{"name":"id","type":"AutoField","nullable":false},{"name":"created","type":"DateTimeField","nullable":false,"loc":"4:5-4:12"},{"name":"label","type":"CharField","nullable":false,"loc":"10:5-10:10"}]},
        {"relation":{"schema":null,"name":"shop_product"},"model":"Product","confidence":"inferred","loc":"12:7-12:14","columns":[{"name":"id","type":"AutoField","nullable":false},{"name":"created","type":"DateTimeField","nullable":false,"loc":"4:5-4:12"}]},
        {"relation":{"schema":null,"name":"shop_product_tags"},"confidence":"inferred","loc":"13:5-13:9","columns":[{"name":"id","type":"AutoField","nullable":false},{"name":"product_id","nullable":false},{"name":"tag_id","nullable":false}]},
        {"relation":{"schema":null,"name":"shop_product_related"},"confidence":"inferred","loc":"14:5-14:12","columns":[{"name":"id","type":"AutoField","nullable":false},{"name":"from_product_id","nullable":false},{"name":"to_product_id","nullable":false}]},
        {"relation":{"schema":"legacy","name":"codes"},"model":"Legacy","confidence":"exact","loc":"17:7-17:13","columns":[{"name":"id","type":"AutoField","nullable":false},{"name":"code","type":"CharField","nullable":false,"loc":"18:5-18:9"}]},
      ],
    },
    {
      name: "usage: managers, lookups, Q objects, order_by/values strings, create/update/delete",
      filename: "blog/views.py",
      code: [
        "from django.db.models import Q",
        "from .models import Article",
        "",
        "def index(request, q):",
        "    greeting = \"¡Hola 👋!\"; items = Article.objects.filter(title__icontains=q, author__name=\"x\").exclude(pk=1)",
        "    Article.objects.filter(Q(slug=q) | ~Q(title__startswith=\"a\")).order_by(\"-published_at\", \"?\").values(\"title\", \"author__email\")",
        "    Article.objects.create(title=\"t\", author_id=1)",
        "    Article.objects.filter(slug=q).update(title=\"new\")",
        "    Article.objects.filter(slug=q).delete()",
        "    return Article.objects.all()",
      ].join('\n'),
      references: [
        {"kind":"relation","relation":{"schema":null,"name":"Article"},"access":"read","written":"Article","confidence":"inferred","note":"django-model:Article","loc":"5:37-5:44"},
        {"kind":"column","relation":{"schema":null,"name":"Article"},"column":"title","access":"read","written":"title","confidence":"inferred","note":"django-model:Article","loc":"5:60-5:65"},
        {"kind":"column","relation":{"schema":null,"name":"Article"},"column":"author","access":"read","written":"author","confidence":"inferred","note":"django-model:Article","loc":"5:80-5:86"},
        {"kind":"relation","relation":{"schema":null,"name":"Article"},"access":"read","written":"Article","confidence":"inferred","note":"django-model:Article","loc":"6:5-6:12"},
        {"kind":"column","relation":{"schema":null,"name":"Article"},"column":"slug","access":"read","written":"slug","confidence":"inferred","note":"django-model:Article","loc":"6:30-6:34"},
        {"kind":"column","relation":{"schema":null,"name":"Article"},"column":"title","access":"read","written":"title","confidence":"inferred","note":"django-model:Article","loc":"6:43-6:48"},
        {"kind":"column","relation":{"schema":null,"name":"Article"},"column":"published_at","access":"read","written":"published_at","confidence":"inferred","note":"django-model:Article","loc":"6:78-6:90"},
        {"kind":"column","relation":{"schema":null,"name":"Article"},"column":"title","access":"read","written":"title","confidence":"inferred","note":"django-model:Article","loc":"6:106-6:111"},
        {"kind":"column","relation":{"schema":null,"name":"Article"},"column":"author","access":"read","written":"author","confidence":"inferred","note":"django-model:Article","loc":"6:115-6:121"},
        {"kind":"relation","relation":{"schema":null,"name":"Article"},"access":"insert","written":"Article","confidence":"inferred","note":"django-model:Article","loc":"7:5-7:12"},
        {"kind":"column","relation":{"schema":null,"name":"Article"},"column":"title","access":"insert","written":"title","confidence":"inferred","note":"django-model:Article","loc":"7:28-7:33"},
        {"kind":"column","relation":{"schema":null,"name":"Article"},"column":"author_id","access":"insert","written":"author_id","confidence":"inferred","note":"django-model:Article","loc":"7:39-7:48"},
        {"kind":"relation","relation":{"schema":null,"name":"Article"},"access":"update","written":"Article","confidence":"inferred","note":"django-model:Article","loc":"8:5-8:12"},
        {"kind":"column","relation":{"schema":null,"name":"Article"},"column":"slug","access":"read","written":"slug","confidence":"inferred","note":"django-model:Article","loc":"8:28-8:32"},
        {"kind":"column","relation":{"schema":null,"name":"Article"},"column":"title","access":"update","written":"title","confidence":"inferred","note":"django-model:Article","loc":"8:43-8:48"},
        {"kind":"relation","relation":{"schema":null,"name":"Article"},"access":"delete","written":"Article","confidence":"inferred","note":"django-model:Article","loc":"9:5-9:12"},
        {"kind":"column","relation":{"schema":null,"name":"Article"},"column":"slug","access":"read","written":"slug","confidence":"inferred","note":"django-model:Article","loc":"9:28-9:32"},
        {"kind":"relation","relation":{"schema":null,"name":"Article"},"access":"read","written":"Article","confidence":"inferred","note":"django-model:Article","loc":"10:12-10:19"},
      ],
    },
    {
      name: "constructing a model is an insert: Model(...).save(), bulk_create([Model(...)])",
      filename: "blog/views.py",
      code: [
        "from .models import Article, Tag",
        "",
        "def publish(request, user):",
        "    article = Article(title=\"t\", author=user, **extra)",
        "    article.save()",
        "    Tag.objects.bulk_create([Tag(name=n) for n in names])",
        "    return Article.objects.get_or_create(slug=\"s\", defaults={\"title\": \"x\"})",
      ].join('\n'),
      references: [
        {"kind":"relation","relation":{"schema":null,"name":"Article"},"access":"insert","written":"Article","confidence":"inferred","note":"django-model:Article","loc":"4:15-4:22"},
        {"kind":"column","relation":{"schema":null,"name":"Article"},"column":"title","access":"insert","written":"title","confidence":"inferred","note":"django-model:Article","loc":"4:23-4:28"},
        {"kind":"column","relation":{"schema":null,"name":"Article"},"column":"author","access":"insert","written":"author","confidence":"inferred","note":"django-model:Article","loc":"4:34-4:40"},
        {"kind":"relation","relation":{"schema":null,"name":"Tag"},"access":"insert","written":"Tag","confidence":"inferred","note":"django-model:Tag","loc":"6:5-6:8"},
        {"kind":"relation","relation":{"schema":null,"name":"Tag"},"access":"insert","written":"Tag","confidence":"inferred","note":"django-model:Tag","loc":"6:30-6:33"},
        {"kind":"column","relation":{"schema":null,"name":"Tag"},"column":"name","access":"insert","written":"name","confidence":"inferred","note":"django-model:Tag","loc":"6:34-6:38"},
        {"kind":"relation","relation":{"schema":null,"name":"Article"},"access":"read","written":"Article","confidence":"inferred","note":"django-model:Article","loc":"7:12-7:19"},
        {"kind":"column","relation":{"schema":null,"name":"Article"},"column":"slug","access":"read","written":"slug","confidence":"inferred","note":"django-model:Article","loc":"7:42-7:46"},
      ],
    },
    {
      name: "custom user model: fields and join tables of django.contrib.auth bases; an abstract base imported from another module is stated",
      filename: "users/models.py",
      code: [
        "from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin",
        "from django.db import models",
        "",
        "from project.common.models import BaseModel",
        "",
        "class BaseUser(BaseModel, AbstractBaseUser, PermissionsMixin):",
        "    email = models.EmailField(unique=True)",
        "    is_admin = models.BooleanField(default=False)",
      ].join('\n'),
      references: [
        {"kind":"relation","relation":{"schema":null,"name":"BaseModel"},"access":"ddl","written":"BaseModel","confidence":"inferred","note":"django-base:BaseUser:project.common.models","loc":"6:16-6:25"},
      ],
      declarations: [
        {"relation":{"schema":null,"name":"users_baseuser"},"model":"BaseUser","confidence":"inferred","loc":"6:7-6:15","columns":[{"name":"id","type":"AutoField","nullable":false},{"name":"password","type":"CharField","nullable":false},{"name":"last_login","type":"DateTimeField","nullable":true},{"name":"is_superuser","type":"BooleanField","nullable":false},{"name":"email","type":"EmailField","nullable":false,"loc":"7:5-7:10"},{"name":"is_admin","type":"BooleanField","nullable":false,"loc":"8:5-8:13"}]},
        {"relation":{"schema":null,"name":"users_baseuser_groups"},"confidence":"inferred","loc":"6:7-6:15","columns":[{"name":"id","type":"AutoField","nullable":false},{"name":"baseuser_id","nullable":false},{"name":"group_id","nullable":false}]},
        {"relation":{"schema":null,"name":"users_baseuser_user_permissions"},"confidence":"inferred","loc":"6:7-6:15","columns":[{"name":"id","type":"AutoField","nullable":false},{"name":"baseuser_id","nullable":false},{"name":"permission_id","nullable":false}]},
      ],
    },
    {
      name: "an app's models module importing models of a nested module states their app label",
      filename: "blog/models.py",
      code: [
        "from django.db import models",
        "",
        "from .admin_2fa.models import TwoFactorData  # noqa",
        "from .forms import SignupForm",
        "",
        "class Entry(models.Model):",
        "    title = models.CharField(max_length=100)",
      ].join('\n'),
      references: [
        {"kind":"relation","relation":{"schema":null,"name":"TwoFactorData"},"access":"ddl","written":"TwoFactorData","confidence":"inferred","note":"django-app:blog:.admin_2fa.models","loc":"3:31-3:44"},
      ],
      declarations: [
        {"relation":{"schema":null,"name":"blog_entry"},"model":"Entry","confidence":"inferred","loc":"6:7-6:12","columns":[{"name":"id","type":"AutoField","nullable":false},{"name":"title","type":"CharField","nullable":false,"loc":"7:5-7:10"}]},
      ],
    },
    {
      name: "a service module that only constructs a model is read (prefilter) and the construction is an insert",
      filename: "files/services.py",
      code: [
        "from project.files.models import File",
        "",
        "def file_create(*, name, user):",
        "    obj = File(file_name=name, uploaded_by=user)",
        "    obj.full_clean()",
        "    obj.save()",
        "    return obj",
      ].join('\n'),
      references: [
        {"kind":"relation","relation":{"schema":null,"name":"File"},"access":"insert","written":"File","confidence":"inferred","note":"django-model:File","loc":"4:11-4:15"},
        {"kind":"column","relation":{"schema":null,"name":"File"},"column":"file_name","access":"insert","written":"file_name","confidence":"inferred","note":"django-model:File","loc":"4:16-4:25"},
        {"kind":"column","relation":{"schema":null,"name":"File"},"column":"uploaded_by","access":"insert","written":"uploaded_by","confidence":"inferred","note":"django-model:File","loc":"4:32-4:43"},
      ],
    },
    {
      name: "not models and migrations: forms, plain classes, migration files",
      filename: "blog/forms.py",
      code: [
        "from django import forms",
        "",
        "class ArticleForm(forms.Form):",
        "    title = forms.CharField(max_length=200)",
        "",
        "class Helper:",
        "    objects = None",
      ].join('\n'),
      references: [],
    },
    {
      name: "migration files are skipped",
      filename: "blog/migrations/0001_initial.py",
      code: [
        "from django.db import migrations, models",
        "",
        "class Migration(migrations.Migration):",
        "    operations = [migrations.CreateModel(name=\"Article\", fields=[(\"id\", models.AutoField(primary_key=True))])]",
      ].join('\n'),
      references: [],
    },
    {
      name: "multi-table inheritance and dynamic db_table",
      filename: "places/models.py",
      code: [
        "from django.db import models",
        "",
        "class Place(models.Model):",
        "    name = models.CharField(max_length=50)",
        "",
        "class Restaurant(Place):",
        "    serves_pizza = models.BooleanField(default=False)",
        "",
        "class Dyn(models.Model):",
        "    x = models.IntegerField()",
        "",
        "    class Meta:",
        "        db_table = table_name()",
      ].join('\n'),
      references: [],
      declarations: [
        {"relation":{"schema":null,"name":"places_place"},"model":"Place","confidence":"inferred","loc":"3:7-3:12","columns":[{"name":"id","type":"AutoField","nullable":false},{"name":"name","type":"CharField","nullable":false,"loc":"4:5-4:9"}]},
        {"relation":{"schema":null,"name":"places_restaurant"},"model":"Restaurant","confidence":"inferred","loc":"6:7-6:17","columns":[{"name":"place_ptr_id","type":"OneToOneField","nullable":false,"field":"place_ptr"},{"name":"serves_pizza","type":"BooleanField","nullable":false,"loc":"7:5-7:17"}]},
      ],
      skipped: ["db_table of model Dyn is not static"],
    },
  ]);

  it('takes the app label from the folder holding models.py or the models package', () => {
    expect([appLabel('blog/models.py'), appLabel('src/shop/models/product.py'), appLabel('models.py')]).toEqual(['blog', 'shop', undefined]);
  });
});

describe('resolveDjangoReferences', () => {
  const location = { file: 'blog/views.py', line: 5, column: 1, endLine: 5, endColumn: 6 };
  const declarations: Declaration[] = [
    {
      extractor: 'django',
      relation: { schema: null, name: 'blog_article' },
      model: 'Article',
      columns: [{ name: 'id' }, { name: 'title' }, { name: 'author_id', field: 'author' }],
      confidence: 'inferred',
      location: { ...location, file: 'blog/models.py' },
    },
  ];
  const ref = (column?: string): Reference => ({
    extractor: 'django', kind: column ? 'column' : 'relation', relation: { schema: null, name: 'Article' }, ...(column ? { column } : {}),
    access: 'read', written: column ?? 'Article', quoted: false, confidence: 'inferred', location, note: 'django-model:Article',
  });

  it('maps fields (a foreign key by its name or its column) and drops reverse relations', () => {
    const note = 'default table name of model Article';
    expect(resolveDjangoReferences([ref(), ref('author'), ref('author_id'), ref('comments'), ref('title')], declarations)).toEqual([
      { ...ref(), relation: { schema: null, name: 'blog_article' }, note },
      { ...ref('author'), relation: { schema: null, name: 'blog_article' }, column: 'author_id', note },
      { ...ref('author_id'), relation: { schema: null, name: 'blog_article' }, note },
      { ...ref('title'), relation: { schema: null, name: 'blog_article' }, note },
    ]);
  });
});

describe('resolveDjangoReferences across files', () => {
  const files: Record<string, string[]> = {
    'common/models.py': [
      'from django.db import models',
      '',
      'class BaseModel(models.Model):',
      '    created_at = models.DateTimeField()',
      '    updated_at = models.DateTimeField(auto_now=True)',
      '    class Meta:',
      '        abstract = True',
    ],
    'emails/models.py': [
      'from django.db import models',
      'from project.common.models import BaseModel',
      '',
      'class Email(BaseModel):',
      '    subject = models.CharField(max_length=255)',
    ],
    'blog/models.py': ['from .admin_2fa.models import TwoFactorData  # noqa'],
    'blog/admin_2fa/models.py': [
      'from django.db import models',
      '',
      'class TwoFactorData(models.Model):',
      '    otp_secret = models.CharField(max_length=255)',
    ],
    'blog/views.py': [
      'from emails.models import Email',
      'from .admin_2fa.models import TwoFactorData',
      '',
      'def view(request, x):',
      '    Email.objects.filter(created_at__gte=x)',
      '    return TwoFactorData.objects.get(otp_secret=x)',
    ],
  };

  it('adds fields of abstract models in other files and names nested models after the app that imports them', () => {
    const references: Reference[] = [];
    const declarations: Declaration[] = [];
    for (const [file, lines] of Object.entries(files)) {
      const result = extractFromSource(file, lines.join('\n'), [django], { packages: new Set(['django']), claimedBy: new Set(['django']) });
      references.push(...result.references);
      declarations.push(...result.declarations);
    }
    const resolved = resolveDjangoReferences(references, declarations);
    expect(declarations.map(compactDeclaration)).toEqual([
      {"relation":{"schema":null,"name":"emails_email"},"model":"Email","confidence":"inferred","loc":"4:7-4:12","columns":[{"name":"created_at","loc":"4:5-4:15"},{"name":"updated_at","loc":"5:5-5:15"},{"name":"id","type":"AutoField","nullable":false},{"name":"subject","type":"CharField","nullable":false,"loc":"5:5-5:12"}]},
      {"relation":{"schema":null,"name":"blog_twofactordata"},"model":"TwoFactorData","confidence":"inferred","loc":"3:7-3:20","columns":[{"name":"id","type":"AutoField","nullable":false},{"name":"otp_secret","type":"CharField","nullable":false,"loc":"4:5-4:15"}]},
    ]);
    expect(declarations[0]!.columns[0]!.location!.file).toBe('common/models.py');
    expect(resolved.map((r) => ({ file: r.location.file, ...compactReference(r) }))).toEqual([
      {"file":"blog/views.py","kind":"relation","relation":{"schema":null,"name":"emails_email"},"access":"read","written":"Email","confidence":"inferred","note":"default table name of model Email","loc":"5:5-5:10"},
      {"file":"blog/views.py","kind":"column","relation":{"schema":null,"name":"emails_email"},"column":"created_at","access":"read","written":"created_at","confidence":"inferred","note":"default table name of model Email","loc":"5:26-5:36"},
      {"file":"blog/views.py","kind":"relation","relation":{"schema":null,"name":"blog_twofactordata"},"access":"read","written":"TwoFactorData","confidence":"inferred","note":"default table name of model TwoFactorData","loc":"6:12-6:25"},
      {"file":"blog/views.py","kind":"column","relation":{"schema":null,"name":"blog_twofactordata"},"column":"otp_secret","access":"read","written":"otp_secret","confidence":"inferred","note":"default table name of model TwoFactorData","loc":"6:38-6:48"},
    ]);
  });
});
