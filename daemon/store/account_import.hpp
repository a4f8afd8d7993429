// account_import.hpp — what AccountStore::import_accounts takes and gives
// back: the records of one `uminctl import` (DESIGN §2), pulled one at a time
// so a million-line file never sits in memory as records, and the verdict.
// Errors name the line and the field; they must never carry a hash value.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "core/import/import.hpp"

namespace umind::store {

struct ImportBatch {
  // The next record, or nullopt at the end of the file. Called on the
  // writer thread, inside the import's transaction.
  std::function<std::optional<ImportRecord>()> next;
  // Errors the source found on its own so far (parse errors). Read after the
  // last record: any at all and nothing is written.
  std::function<std::size_t()> source_errors;
  // Every check runs, every row is written, and then all is rolled back.
  bool dry_run = false;
  std::size_t max_errors = 1000;  // errors kept in ImportOutcome::errors
};

struct ImportOutcome {
  std::size_t records = 0;  // records checked (written when committed)
  std::size_t legacy = 0;   // of them, accounts whose ID breaks today's syntax
  bool committed = false;   // false: nothing of the batch is in the store
  // The store's own findings (IDs used, one personal ID per person, hash
  // formats, …) in line order, the first max_errors of error_count.
  std::vector<ImportError> errors;
  std::size_t error_count = 0;
};

}  // namespace umind::store
