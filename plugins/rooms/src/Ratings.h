#pragma once

#include <arena/Database.h>

#include <string>

namespace rooms {

/// The ratings table (user, mode) -> rating. A missing row is the default rating.
class Ratings {
 public:
  Ratings(arena::Database& database, int default_rating) : database_(database), default_(default_rating) {}
  int rating(const std::string& user_id, const std::string& mode);
  void set(const std::string& user_id, const std::string& mode, int rating);

 private:
  arena::Database& database_;
  int default_;
};

}  // namespace rooms
