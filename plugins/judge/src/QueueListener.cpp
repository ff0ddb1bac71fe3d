#include "QueueListener.h"

#include "JobQueue.h"

#include <chrono>
#include <pqxx/notification>

namespace judge {

namespace {

double epoch_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& connection, const std::string& channel,
           std::function<void(const std::string&)> callback)
      : pqxx::notification_receiver(connection, channel), callback_(std::move(callback)) {}
  void operator()(const std::string& payload, int) override {
    try {
      if (callback_) callback_(payload);
    } catch (...) {
      // A failing callback must not take the connection's notification loop down.
    }
  }

 private:
  std::function<void(const std::string&)> callback_;
};

}  // namespace

void QueueListener::start() {
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void QueueListener::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void QueueListener::loop() {
  double last_good = 0;  // 0: never connected yet
  while (!stopping_) {
    try {
      listen_once(last_good);
    } catch (const std::exception& e) {
      if (connected_) logger_->warn("judge queue listener lost its connection: {}", e.what());
      connected_ = false;
    }
    // Back off before reconnecting, watching for stop.
    for (int i = 0; i < 10 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void QueueListener::listen_once(double& last_good) {
  auto connection = database_.open_dedicated();
  std::vector<std::unique_ptr<Receiver>> receivers;
  if (callbacks_.job_queued)
    receivers.push_back(std::make_unique<Receiver>(*connection, kJobsChannel, callbacks_.job_queued));
  if (callbacks_.progress)
    receivers.push_back(std::make_unique<Receiver>(*connection, kProgressChannel, callbacks_.progress));
  if (callbacks_.finished)
    receivers.push_back(std::make_unique<Receiver>(*connection, kFinishedChannel, callbacks_.finished));
  connected_ = true;
  // Whatever was announced while nobody listened: look for queued jobs and finished results.
  if (last_good > 0 && callbacks_.reconnected) callbacks_.reconnected(last_good);
  if (callbacks_.job_queued) callbacks_.job_queued("");
  auto last_tick = std::chrono::steady_clock::now();
  while (!stopping_) {
    connection->await_notification(0, 250000);
    last_good = epoch_now();
    if (callbacks_.tick && std::chrono::steady_clock::now() - last_tick >= std::chrono::seconds(1)) {
      last_tick = std::chrono::steady_clock::now();
      callbacks_.tick();
    }
  }
  receivers.clear();
  connected_ = false;
}

}  // namespace judge
