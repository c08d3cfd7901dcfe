// An optional whose value lives on the heap: empty, it costs one pointer instead of the whole
// value. The interview state has a record per scheduled item, and most of them never get a score,
// a task's material or a check; held inline, those three made each record 1 KB whether used or not.
// Copies are deep, so the state stays a plain value.
#pragma once

#include <memory>
#include <optional>
#include <utility>

namespace mi::dialogue {

template <typename T>
class HeapOptional {
public:
    HeapOptional() = default;
    // Implicit, as std::optional's: `record.score = scored;`, `{..., std::nullopt, ...}`.
    HeapOptional(std::nullopt_t) {}
    HeapOptional(T value) : value_(std::make_unique<T>(std::move(value))) {}
    HeapOptional(const std::optional<T>& value) {
        if (value) value_ = std::make_unique<T>(*value);
    }
    HeapOptional(const HeapOptional& other) : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
    HeapOptional(HeapOptional&&) noexcept = default;
    HeapOptional& operator=(const HeapOptional& other) {
        if (this != &other) value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
        return *this;
    }
    HeapOptional& operator=(HeapOptional&&) noexcept = default;
    HeapOptional& operator=(std::nullopt_t) {
        value_.reset();
        return *this;
    }
    HeapOptional& operator=(T value) {
        value_ = std::make_unique<T>(std::move(value));
        return *this;
    }
    HeapOptional& operator=(std::optional<T>&& value) {
        if (value) value_ = std::make_unique<T>(std::move(*value));
        else value_.reset();
        return *this;
    }
    ~HeapOptional() = default;

    [[nodiscard]] bool has_value() const { return value_ != nullptr; }
    explicit operator bool() const { return has_value(); }
    const T& operator*() const { return *value_; }
    T& operator*() { return *value_; }
    const T* operator->() const { return value_.get(); }
    T* operator->() { return value_.get(); }
    void reset() { value_.reset(); }
    // As std::optional: an empty one when empty.
    [[nodiscard]] std::optional<T> to_optional() const { return value_ ? std::optional<T>(*value_) : std::nullopt; }

    friend bool operator==(const HeapOptional& a, const HeapOptional& b) {
        if (!a.value_ || !b.value_) return !a.value_ && !b.value_;
        return *a.value_ == *b.value_;
    }

private:
    std::unique_ptr<T> value_;
};

}  // namespace mi::dialogue
