const { Author, Book } = require('./models');

async function byAuthor(authorId) {
  return Book.findAll({ where: { authorId }, attributes: ['id', 'title', 'isbn'], order: [['title', 'ASC']] });
}

async function addBook(title, authorId) {
  return Book.create({ title, authorId });
}

async function lend(id) {
  await Book.update({ onLoan: true }, { where: { id } });
}

async function removeAuthor(id) {
  await Book.destroy({ where: { authorId: id } });
  await Author.destroy({ where: { id } });
}

async function addAuthor(name) {
  return Author.create({ name });
}

module.exports = { byAuthor, addBook, lend, removeAuthor, addAuthor };
