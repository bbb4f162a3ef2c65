const { DataTypes, Model, Sequelize } = require('sequelize');

const sequelize = new Sequelize(process.env.DATABASE_URL);

const Author = sequelize.define('Author', {
  name: { type: DataTypes.TEXT, allowNull: false },
});

class Book extends Model {}

Book.init(
  {
    title: { type: DataTypes.TEXT, allowNull: false },
    isbn: { type: DataTypes.TEXT, field: 'isbn_code' },
    authorId: { type: DataTypes.INTEGER, allowNull: false },
    onLoan: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
  },
  { sequelize, tableName: 'books', underscored: true },
);

module.exports = { sequelize, Author, Book };
